package io.vioemu.host.netperf;

import io.vioemu.host.event.EventKind;
import io.vioemu.host.event.EventTable;

/**
 * The messages between a host and a VM that runs in an entity of its own (see {@link VmLink}): from
 * the VM ({@code VM_*}) and from the host ({@code HOST_*}).
 */
public enum VmMessage implements EventKind {
  /** A packet the guest let go; payload a frame around it, value: notified. */
  VM_TX(160),
  /** Receive buffers the guest's DMA API refilled; value: frames, and the packet's bytes above. */
  VM_REFILL(161),
  /** Ring slots the guest's stack gave back; value: frames. */
  VM_CONSUMED(162),
  /** The guest's driver found its ring empty; value: the frames it has seen in all. */
  VM_POLL_DONE(163),
  /** The guest's VF driver rang its mailbox doorbell; value: the request's number. */
  VM_MAILBOX(164),
  /**
   * A migrated VM runs on this host now: its device here takes its frames, and the host announces
   * its MAC (a RARP broadcast, as QEMU's self-announce) so that the switches learn where it is.
   */
  VM_ATTACH(165),
  /** The device wrote a frame into the guest's ring; payload the frame. */
  HOST_RX(170),
  /** The device interrupts the guest. */
  HOST_IRQ(171),
  /** The back-end put a packet in the guest's ring; payload a frame around it. */
  HOST_BACKEND_RX(172),
  /** Bytes of a flow left the guest's queue; word: flow id, and bytes in the high 32 bits. */
  HOST_DRAINED(173),
  /** The guest's back-end is busy until the word's time (what its ring's flags tell the guest). */
  HOST_BACKEND_BUSY(174),
  /** The PF's ACK to a mailbox request; word: the request's number. */
  HOST_MAILBOX_ACK(175),
  /**
   * The hypervisor stops the VM's vCPUs for a migration's stop-and-copy: the VM handles nothing.
   */
  HOST_PAUSE(176),
  /**
   * The hypervisor starts the VM's vCPUs again, on the host the word names ({@link GuestWords}: the
   * host's entity, the VM's guest index there): what reached it while paused is handled now.
   */
  HOST_RESUME(177),
  /**
   * The hypervisor's dirty logging of a migration took the word's cycles of the VM's vCPU (its
   * write-protection faults or page-modification-log entries since the last such message).
   */
  HOST_DIRTY_LOG(178),
  /**
   * The hypervisor hot-unplugs the VF of a bonded VM (Zhai et al., OLS 2008): its driver and ring
   * go, and its bond has no active slave until it fails over.
   */
  HOST_UNPLUG(179),
  /**
   * A bonded VM's bond makes its virtio backup the active slave; the word names the backup's device
   * side ({@link GuestWords}: the host's entity, the guest index there).
   */
  HOST_FAILOVER(180),
  /**
   * The destination's hypervisor hot-plugs a VF into a bonded VM; the word names its device side.
   * The VF driver probes it (an SR-IOV VF's mailbox bring-up) and the bond fails back to it.
   */
  HOST_HOTPLUG(181),
  /** A bonded VM's own: its new VF's link is up long enough, the bond makes it active again. */
  BOND_FAILBACK(182);

  private static final EventTable<VmMessage> TABLE = new EventTable<>(values());
  private final int id;

  VmMessage(int id) {
    this.id = id;
  }

  @Override
  public int id() {
    return id;
  }

  /** The message numbered {@code id}, or null. */
  public static VmMessage of(int id) {
    return TABLE.of(id);
  }
}
