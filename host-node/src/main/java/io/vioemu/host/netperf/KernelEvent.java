package io.vioemu.host.netperf;

import io.vioemu.host.event.EventKind;
import io.vioemu.host.event.EventTable;

/**
 * A kernel's own events (native OS or VM), which its host's entity hands on to the kernel when the
 * kernel lives there. Words name the guest ({@link GuestWords}).
 */
public enum KernelEvent implements EventKind {
  /** An application starts; value: its index. */
  START(130),
  /** An application's call is done; value: its index. */
  APP_DONE(131),
  /** The stack takes a received packet; value: its frames; payload the packet (null if lost). */
  STACK_RX(132),
  /** A TCP timer fires; value: connection id and timer. */
  TCP_TIMER(134),
  /**
   * A bond with no active slave dropped a packet the stack sent; value: its flow id; payload its
   * bytes (a Long): its socket's queue space comes back.
   */
  STACK_TX_DROPPED(138);

  private static final EventTable<KernelEvent> TABLE = new EventTable<>(values());
  private final int id;

  KernelEvent(int id) {
    this.id = id;
  }

  @Override
  public int id() {
    return id;
  }

  /** The kernel's event numbered {@code id}, or null. */
  public static KernelEvent of(int id) {
    return TABLE.of(id);
  }
}
