package io.vioemu.stack.tcp;

/** RFC 6298 smoothed RTT, variance and retransmission timeout, in integer picoseconds. */
final class RttEstimator {
  /** Clock granularity G of RFC 6298: the timer resolution we model, 1 µs. */
  private static final long GRANULARITY_PS = 1_000_000L;

  private final long minRtoPs;
  private final long maxRtoPs;
  private long srttPs;
  private long rttVarPs;
  private long minRttPs;
  private long rtoPs;
  private long samples;

  RttEstimator(long initialRtoPs, long minRtoPs, long maxRtoPs) {
    this.rtoPs = initialRtoPs;
    this.minRtoPs = minRtoPs;
    this.maxRtoPs = maxRtoPs;
  }

  void sample(long rttPs) {
    if (rttPs <= 0) {
      return;
    }
    if (samples++ == 0) {
      srttPs = rttPs;
      rttVarPs = rttPs / 2;
      minRttPs = rttPs;
    } else {
      rttVarPs = (3 * rttVarPs + Math.abs(srttPs - rttPs)) / 4;
      srttPs = (7 * srttPs + rttPs) / 8;
      minRttPs = Math.min(minRttPs, rttPs);
    }
    rtoPs = clamp(srttPs + Math.max(GRANULARITY_PS, 4 * rttVarPs));
  }

  /** Exponential backoff after a timeout (RFC 6298 5.5). */
  void backOff() {
    rtoPs = clamp(rtoPs * 2);
  }

  private long clamp(long ps) {
    return Math.min(maxRtoPs, Math.max(minRtoPs, ps));
  }

  long rtoPs() {
    return rtoPs;
  }

  long srttPs() {
    return srttPs;
  }

  long minRttPs() {
    return minRttPs;
  }

  long samples() {
    return samples;
  }
}
