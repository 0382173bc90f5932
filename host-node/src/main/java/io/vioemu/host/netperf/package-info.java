/**
 * netperf on hosts and VMs: the tests TCP_STREAM, TCP_MAERTS, TCP_RR, UDP_STREAM and UDP_RR, run by
 * {@link io.vioemu.host.netperf.NetperfApp} endpoints over the TCP and UDP stacks of an operating
 * system ({@link io.vioemu.host.netperf.GuestOs}), whose every step costs cycles on one of its
 * CPUs. A {@link io.vioemu.host.netperf.StackHost} is the host's entity: its NIC, PCIe link,
 * memory, IOMMU and software back-ends, and the kernels of its native OS and of VMs that share its
 * cores; every other VM is a {@link io.vioemu.host.netperf.VmEntity} of its own, which talks to its
 * host through {@link io.vioemu.host.netperf.VmLink} messages that take the VM-host latency
 * whatever the placement. The {@code netperf-star} model puts such hosts on one switch. Each flow
 * may start and stop at times of its own; each entity meters its CPU, exits and interrupts over the
 * measured interval and, if asked, per series interval, without events of its own ({@link
 * io.vioemu.host.netperf.HostMeter}), and the model derives netperf's numbers, the hosts' load
 * (each host together with its VMs) and the time series from those counters.
 */
package io.vioemu.host.netperf;
