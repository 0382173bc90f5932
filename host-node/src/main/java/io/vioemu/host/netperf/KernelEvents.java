package io.vioemu.host.netperf;

/**
 * The event kinds of a kernel (native OS or VM), which its host's entity hands on to the kernel
 * when the kernel lives there, and the event words that name a guest: its index in the low {@link
 * #GUEST_BITS} bits, a value above.
 */
public final class KernelEvents {
  /** An application starts; word: its index. */
  public static final int START = 130;

  /** An application's call is done; word: its index. */
  public static final int APP_DONE = 131;

  /** The stack takes a received packet; word: its frames; payload the packet (null if lost). */
  public static final int STACK_RX = 132;

  /** A TCP timer fires; word: connection id and timer. */
  public static final int TCP_TIMER = 134;

  /** Guest index in event words: up to 1,024 guests per host. */
  public static final int GUEST_BITS = 10;

  private KernelEvents() {}

  /** Whether {@code kind} is a kernel's event. */
  public static boolean handles(int kind) {
    return kind == START || kind == APP_DONE || kind == STACK_RX || kind == TCP_TIMER;
  }

  public static long word(long value, int guest) {
    return (value << GUEST_BITS) | guest;
  }

  public static int guestOf(long word) {
    return (int) (word & ((1 << GUEST_BITS) - 1));
  }
}
