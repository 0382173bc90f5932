/**
 * The host's entity ({@link io.vioemu.host.netperf.StackHost}) for the {@code netperf-star} model:
 * its NIC with its PCIe link and embedded switch, memory, IOMMU and software back-ends, what it
 * keeps per guest ({@link io.vioemu.host.netperf.GuestSlot}), and the links to the guests' kernels:
 * calls for a kernel that lives in this entity ({@link io.vioemu.host.netperf.ResidentKernel}, made
 * by the guest side through a {@link io.vioemu.host.netperf.KernelFactory}), messages that take the
 * VM-host latency for a VM in an entity of its own ({@link io.vioemu.host.netperf.VmLink}). The
 * kernels, netperf's applications and the model's wiring are guest-node's ({@code
 * io.vioemu.guest.netperf}); this package never names them, so host-node does not depend on
 * guest-node. Each entity meters its CPU, exits and interrupts over the measured interval ({@link
 * io.vioemu.host.netperf.HostMeter}).
 */
package io.vioemu.host.netperf;
