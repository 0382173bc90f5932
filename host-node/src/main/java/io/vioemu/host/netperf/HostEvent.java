package io.vioemu.host.netperf;

import io.vioemu.host.event.EventKind;
import io.vioemu.host.event.EventTable;

/**
 * A host entity's ({@link StackHost}) events to itself. Words name the guest ({@link GuestWords}).
 */
public enum HostEvent implements EventKind {
  /** A guest's packet is through its back-end, into its queue; payload the packet. */
  TX_READY(133),
  /** The interrupt moderation timer of a guest's ring; value: its generation. */
  IRQ_TIMER(135),
  /** A software back-end's host driver polls on; value: frames it took. */
  HOST_POLL(136),
  /** A frame crossed the NIC's embedded switch; payload the frame. */
  LOCAL_FRAME(137),
  /** A received frame is in memory; payload the frame. */
  RX_DMA(150),
  /** The NIC has read a frame to send; payload the frame. */
  TX_DMA(151),
  /** The first guest's device attacks the host. */
  ATTACK(152),
  /** A guest's DMA API has time-driven work (a deferred flush, an optimistic teardown). */
  DMA_TIMER(153),
  /**
   * A migrating VM stops at this host (its stop-and-copy): what arrives for it from now on is
   * dropped, and frames to it from the host's other guests go to the wire.
   */
  GUEST_DETACH(154);

  private static final EventTable<HostEvent> TABLE = new EventTable<>(values());
  private final int id;

  HostEvent(int id) {
    this.id = id;
  }

  @Override
  public int id() {
    return id;
  }

  /** The host's event numbered {@code id}, or null. */
  static HostEvent of(int id) {
    return TABLE.of(id);
  }
}
