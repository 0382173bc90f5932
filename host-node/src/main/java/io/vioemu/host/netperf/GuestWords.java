package io.vioemu.host.netperf;

/**
 * Event words that name a guest of a host: its index in the low {@link #GUEST_BITS} bits, a value
 * above.
 */
public final class GuestWords {
  /** Guest index in event words: up to 1,024 guests per host. */
  public static final int GUEST_BITS = 10;

  private GuestWords() {}

  public static long word(long value, int guest) {
    return (value << GUEST_BITS) | guest;
  }

  public static int guestOf(long word) {
    return (int) (word & ((1 << GUEST_BITS) - 1));
  }

  public static long valueOf(long word) {
    return word >>> GUEST_BITS;
  }
}
