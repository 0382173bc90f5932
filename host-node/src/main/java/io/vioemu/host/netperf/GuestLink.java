package io.vioemu.host.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.stack.Packet;

/**
 * What the host tells a guest's kernel: frames its device wrote, interrupts, packets its back-end
 * delivered, packets that left its queue, mailbox replies. For a VM in an entity of its own each is
 * a message that reaches the guest {@link NetperfSettings#vmHostLatencyPs} after the time it is
 * made for; otherwise each acts at once.
 */
public interface GuestLink {
  /** The device wrote {@code frame} into the guest's ring (its body is null if the DMA strayed). */
  void rx(Frame frame, long nowPs);

  /**
   * The device interrupts the guest (and masks its interrupt until {@link DeviceLink#pollDone}).
   */
  void irq(long nowPs);

  /**
   * The back-end put a packet of {@code frames} frames and {@code bytes} in the guest's ring at
   * {@code readyPs}; {@code inject}: with a virtual interrupt (the guest was not polling).
   */
  void backendRx(Packet packet, int frames, int bytes, boolean inject, long readyPs);

  /**
   * {@code bytes} of flow {@code flowId} left the guest's queue for the NIC; the back-end is busy
   * until {@code backendBusyUntilPs}.
   */
  void drained(int flowId, long bytes, long backendBusyUntilPs, long nowPs);

  /** The PF answered mailbox request number {@code request} with an ACK at {@code ackPs}. */
  void mailboxAck(int request, long ackPs);
}
