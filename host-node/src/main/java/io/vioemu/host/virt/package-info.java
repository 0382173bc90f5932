/**
 * Virtualized hosts: how a VM's packets reach the wire under each I/O model (emulation,
 * para-virtual, pass-through, SR-IOV), what the host's half of each step costs in cycles and on
 * which CPU ({@link io.vioemu.host.virt.HostIo}; the guest's half is guest-node's {@code
 * io.vioemu.guest.virt.GuestIo}, both counting into one {@link io.vioemu.host.virt.IoPath}), and
 * the hypervisor's accounting of VM exits and injected interrupts. A host has one memory and one
 * IOMMU ({@link io.vioemu.host.virt.HostDma}) that every device's DMA goes through; Xen guests
 * reach the driver domain's buffers only by grant copies ({@link io.vioemu.host.virt.GrantTable});
 * SR-IOV virtual functions ask their physical function for configuration through a mailbox ({@link
 * io.vioemu.host.virt.SriovMailbox}); and a guest that drives its own device can turn it against
 * the host ({@link io.vioemu.host.virt.DmaAttack}). Pure Java.
 */
package io.vioemu.host.virt;
