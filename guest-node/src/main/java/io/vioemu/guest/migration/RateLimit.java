package io.vioemu.guest.migration;

import java.math.BigInteger;

/**
 * The migration stream's rate limit (QEMU's {@code max-bandwidth}): each chunk may leave once the
 * chunks before it have used up their share of time at the limit.
 */
final class RateLimit {
  private static final long BITS_PS = 8L * 1_000_000_000_000L;

  private final long bitsPerSec;
  private long clockPs = Long.MIN_VALUE;

  /**
   * @param bitsPerSec the limit; 0: none
   */
  RateLimit(long bitsPerSec) {
    this.bitsPerSec = bitsPerSec;
  }

  /** When a chunk of {@code bytes} handed over at {@code nowPs} may leave. */
  long admit(long nowPs, long bytes) {
    long leavePs = Math.max(nowPs, clockPs);
    if (bitsPerSec > 0) {
      clockPs = leavePs + serializationPs(bytes, bitsPerSec);
    }
    return leavePs;
  }

  /** Picoseconds {@code bytes} take at {@code bitsPerSec}, rounded up (exact for any sizes). */
  static long serializationPs(long bytes, long bitsPerSec) {
    return ceilMulDiv(bytes, BITS_PS, bitsPerSec);
  }

  /**
   * {@code ceil(a * b / c)} for non-negative operands, exact although {@code a * b} may not fit.
   */
  static long ceilMulDiv(long a, long b, long c) {
    BigInteger[] qr =
        BigInteger.valueOf(a)
            .multiply(BigInteger.valueOf(b))
            .divideAndRemainder(BigInteger.valueOf(c));
    return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
  }
}
