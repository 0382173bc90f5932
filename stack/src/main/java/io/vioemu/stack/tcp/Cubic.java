package io.vioemu.stack.tcp;

import java.math.BigInteger;

/**
 * CUBIC congestion avoidance (RFC 9438, formerly RFC 8312) as Linux's {@code tcp_cubic} runs it,
 * without HyStart: C = 0.4, beta_cubic = 0.7, fast convergence on, and the Reno-friendly region
 * with alpha_cubic = 3 (1 - beta) / (1 + beta).
 *
 * <p>After a loss the window follows W_cubic(t) = C (t - K)^3 + W_max, in segments and seconds
 * since the start of the congestion-avoidance epoch: concave up to W_max, flat around t = K, convex
 * beyond. Each ACK aims at W_cubic(t + minRtt), spreading the distance over the next round trip,
 * and never grows slower than the Reno-equivalent window W_est.
 *
 * <p>Deterministic: time is fixed point in units of 2^-10 s (Linux's {@code BICTCP_HZ}) and all
 * arithmetic is on longs, so runs are bit-identical on any JVM. Windows are in bytes, so a window
 * that is not a whole number of segments is handled exactly rather than rounded as Linux does.
 *
 * <p>Differences from Linux: the window target is recomputed on every ACK (Linux skips recomputing
 * for 1/32 s while the window is unchanged); idle periods do not shift the epoch (Linux does that
 * on {@code CA_EVENT_TX_START}); alpha_cubic stays fixed once W_est passes the previous W_max, as
 * in Linux, rather than becoming 1 as RFC 9438 section 4.3 suggests; K saturates at 256 s and t - K
 * is clamped to 256 s (a drop of about 6.7 million segments), which Linux leaves to overflow.
 */
public final class Cubic implements CongestionControl {
  /** 2^-10 s in picoseconds; exact, since 10^12 is divisible by 2^10. */
  private static final long PS_PER_TIME_UNIT = 976_562_500L;

  /**
   * Bound on |t - K| in time units (256 s). It keeps (t - K)^3 within 2^54 so that the offset in
   * bytes cannot overflow for any MSS up to 2^31.
   */
  private static final long MAX_OFFSET_UNITS = 1L << 18;

  /** No growth is slower than one segment per this many windows acknowledged (Linux's cnt). */
  private static final long PLATEAU_WINDOWS_PER_SEGMENT = 100;

  /**
   * Before the first loss (and after a timeout) there is no W_max to be careful about, so Linux
   * grows at least one segment per 20 acknowledged: about 5% per round trip.
   */
  private static final long NO_WMAX_ACKED_SEGMENTS_PER_SEGMENT = 20;

  private final long mssBytes;

  /** The window before the last reduction, or less under fast convergence; 0 if none. */
  private long wMaxBytes;

  private boolean epochStarted;
  private long epochStartPs;

  /** K in time units; t - K is measured against it. */
  private long kUnits;

  /** The window at which the cubic curve is flat: W_max, or the epoch's first window if above. */
  private long originBytes;

  /** The Reno-equivalent window W_est. */
  private long renoEstimateBytes;

  /** Bytes acknowledged since W_est last grew. */
  private long renoAckedBytes;

  /** Bytes acknowledged towards the next segment of growth (Linux's snd_cwnd_cnt). */
  private long growthCreditBytes;

  /**
   * @param mssBytes the segment size; windows in the cubic function are counted in these
   */
  public Cubic(long mssBytes) {
    if (mssBytes <= 0 || mssBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("mss must be in 1..2^31-1, was " + mssBytes);
    }
    this.mssBytes = mssBytes;
  }

  @Override
  public String name() {
    return "cubic";
  }

  @Override
  public long onAckInAvoidance(long cwndBytes, long ackedBytes, long nowPs, long minRttPs) {
    if (cwndBytes <= 0 || ackedBytes <= 0) {
      return cwndBytes;
    }
    renoAckedBytes = satAdd(renoAckedBytes, ackedBytes);
    if (!epochStarted) {
      startEpoch(cwndBytes, ackedBytes, nowPs);
    }
    long segmentEveryBytes = ackedBytesPerSegment(cwndBytes, nowPs, minRttPs);
    return growBy(cwndBytes, ackedBytes, segmentEveryBytes);
  }

  @Override
  public long ssthreshAfterLoss(long cwndBytes, long nowPs) {
    long cwnd = Math.max(cwndBytes, 0);
    epochStarted = false;
    growthCreditBytes = 0;
    // Fast convergence: a loss below the previous W_max suggests another flow has arrived, so
    // release bandwidth sooner by aiming lower than where this loss happened.
    wMaxBytes = cwnd < wMaxBytes ? scale(cwnd, 17, 20) : cwnd;
    return Math.max(scale(cwnd, 7, 10), 2 * mssBytes);
  }

  /**
   * Forgets everything, as Linux's {@code bictcp_reset} does on entering the Loss state: a timeout
   * says the path may have changed, so the old W_max is no longer evidence. The next epoch then
   * starts with K = 0 and W_max at its first window (RFC 9438 section 4.8), and the next loss is
   * not taken as a sign of a new competing flow. Either call order gives the same slow-start
   * threshold; called before {@link #ssthreshAfterLoss} rather than after (Linux's order), this
   * leaves the window at the timeout as the next W_max, as RFC 8312 had it.
   */
  @Override
  public void onTimeout(long nowPs) {
    wMaxBytes = 0;
    epochStarted = false;
    epochStartPs = 0;
    kUnits = 0;
    originBytes = 0;
    renoEstimateBytes = 0;
    renoAckedBytes = 0;
    growthCreditBytes = 0;
  }

  /** K of the current epoch, in picoseconds; 0 before the first ACK in avoidance. */
  long kPs() {
    return epochStarted ? kUnits * PS_PER_TIME_UNIT : 0;
  }

  /** W_max as of the last loss; 0 before any loss and after a timeout. */
  long wMaxBytes() {
    return wMaxBytes;
  }

  private void startEpoch(long cwndBytes, long ackedBytes, long nowPs) {
    epochStarted = true;
    epochStartPs = nowPs;
    renoAckedBytes = ackedBytes;
    renoEstimateBytes = cwndBytes;
    if (wMaxBytes <= cwndBytes) {
      kUnits = 0;
      originBytes = cwndBytes;
    } else {
      kUnits = cubeRootUnits(wMaxBytes - cwndBytes);
      originBytes = wMaxBytes;
    }
  }

  /** How many acknowledged bytes earn one more segment of window (Linux's cnt, in bytes). */
  private long ackedBytesPerSegment(long cwndBytes, long nowPs, long minRttPs) {
    long targetBytes = cubicTargetBytes(nowPs, minRttPs);
    long slowestBytes = satMul(PLATEAU_WINDOWS_PER_SEGMENT, cwndBytes);
    long perSegmentBytes =
        targetBytes > cwndBytes
            ? Math.min(mulDiv(cwndBytes, mssBytes, targetBytes - cwndBytes), slowestBytes)
            : slowestBytes;
    if (wMaxBytes == 0) {
      perSegmentBytes = Math.min(perSegmentBytes, NO_WMAX_ACKED_SEGMENTS_PER_SEGMENT * mssBytes);
    }

    // W_est gains alpha segments per window acknowledged: one segment per cwnd (1 + beta) /
    // (3 (1 - beta)) = cwnd * 17/9 bytes.
    long renoEveryBytes = Math.max(scale(cwndBytes, 17, 9), 1);
    if (renoAckedBytes >= renoEveryBytes) {
      long segments = renoAckedBytes / renoEveryBytes;
      renoAckedBytes -= segments * renoEveryBytes;
      renoEstimateBytes = satAdd(renoEstimateBytes, satMul(segments, mssBytes));
    }
    if (renoEstimateBytes > cwndBytes) {
      perSegmentBytes =
          Math.min(perSegmentBytes, mulDiv(cwndBytes, mssBytes, renoEstimateBytes - cwndBytes));
    }

    // RFC 9438 caps the target at 1.5 cwnd: at most half a window of growth per round trip.
    return Math.max(perSegmentBytes, 2 * mssBytes);
  }

  /** W_cubic(t + RTT) in bytes, t measured from the start of the epoch. */
  private long cubicTargetBytes(long nowPs, long minRttPs) {
    long elapsedPs = satAdd(Math.max(nowPs - epochStartPs, 0), Math.max(minRttPs, 0));
    long tUnits = Math.min(elapsedPs / PS_PER_TIME_UNIT, 2 * MAX_OFFSET_UNITS);
    long offsetUnits = Math.min(Math.abs(tUnits - kUnits), MAX_OFFSET_UNITS);
    long deltaBytes = cubicOffsetBytes(offsetUnits);
    // K was chosen so that cubicOffsetBytes(K) <= W_max - cwnd, so this stays positive.
    return tUnits < kUnits ? originBytes - deltaBytes : satAdd(originBytes, deltaBytes);
  }

  /**
   * C (t/2^10)^3 segments in bytes, floor(2 t^3 mss / (5 2^30)), exact: t^3 is split at 2^30 so
   * that neither partial product exceeds 2^62 for t <= 2^18 and mss < 2^31, and floor(floor(x)/5) =
   * floor(x/5).
   */
  private long cubicOffsetBytes(long offsetUnits) {
    long cube = offsetUnits * offsetUnits * offsetUnits;
    long twoMss = 2 * mssBytes;
    long scaled = (cube >>> 30) * twoMss + (((cube & ((1L << 30) - 1)) * twoMss) >>> 30);
    return scaled / 5;
  }

  /**
   * K = cbrt((W_max - cwnd) / C), as the largest K whose curve offset does not exceed the drop, so
   * the curve starts at or just above the window it starts from rather than below it.
   */
  private long cubeRootUnits(long dropBytes) {
    long lo = 0;
    long hi = MAX_OFFSET_UNITS;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (cubicOffsetBytes(mid) <= dropBytes) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Linux's tcp_cong_avoid_ai, in bytes. */
  private long growBy(long cwndBytes, long ackedBytes, long segmentEveryBytes) {
    long cwnd = cwndBytes;
    // Credit earned while the step was larger pays out one segment, not a burst.
    if (growthCreditBytes >= segmentEveryBytes) {
      growthCreditBytes = 0;
      cwnd = satAdd(cwnd, mssBytes);
    }
    growthCreditBytes = satAdd(growthCreditBytes, ackedBytes);
    if (growthCreditBytes >= segmentEveryBytes) {
      long segments = growthCreditBytes / segmentEveryBytes;
      growthCreditBytes -= segments * segmentEveryBytes;
      cwnd = satAdd(cwnd, satMul(segments, mssBytes));
    }
    return cwnd;
  }

  /** floor(x * num / den) for x >= 0 and small num, den, without overflowing. */
  private static long scale(long x, long num, long den) {
    return satAdd(satMul(x / den, num), (x % den) * num / den);
  }

  /** floor(a * b / c) for positive arguments, saturating. */
  private static long mulDiv(long a, long b, long c) {
    long low = a * b;
    if (Math.multiplyHigh(a, b) == 0 && low >= 0) {
      return low / c;
    }
    // Only windows of petabytes get here; BigInteger keeps it exact and deterministic.
    BigInteger q =
        BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c));
    return q.bitLength() < 63 ? q.longValue() : Long.MAX_VALUE;
  }

  private static long satMul(long a, long b) {
    long low = a * b;
    return Math.multiplyHigh(a, b) == 0 && low >= 0 ? low : Long.MAX_VALUE;
  }

  private static long satAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
