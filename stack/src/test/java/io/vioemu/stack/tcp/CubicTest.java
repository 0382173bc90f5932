package io.vioemu.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * CUBIC against RFC 9438's curve, driven by a window-limited ACK clock. Expected values come from
 * the RFC's formulas evaluated in floating point here; the tolerances allow for the time step of
 * 2^-10 s, growth in whole segments, and the round trip over which the window closes on the curve.
 */
class CubicTest {
  private static final long MSS = 1460;
  private static final long PS_PER_S = 1_000_000_000_000L;
  private static final long RTT_PS = PS_PER_S / 10;
  private static final double C = 0.4;
  private static final double BETA = 0.7;
  private static final double RENO_ALPHA = 3 * (1 - BETA) / (1 + BETA);

  /**
   * A sender that always fills its window: each round trip acknowledges the window it started with,
   * one segment per ACK, the ACKs spread evenly over the round trip.
   */
  private static final class AckClock {
    final Cubic cubic;
    final long rttPs;
    long cwndBytes;
    long nowPs;

    AckClock(Cubic cubic, long cwndBytes, long startPs, long rttPs) {
      this.cubic = cubic;
      this.cwndBytes = cwndBytes;
      this.nowPs = startPs;
      this.rttPs = rttPs;
    }

    void round() {
      long windowBytes = cwndBytes;
      long acks = (windowBytes + MSS - 1) / MSS;
      long startPs = nowPs;
      for (long i = 0; i < acks; i++) {
        long ackedBytes = Math.min(MSS, windowBytes - i * MSS);
        long atPs = startPs + (i + 1) * rttPs / acks;
        long next = cubic.onAckInAvoidance(cwndBytes, ackedBytes, atPs, rttPs);
        assertTrue(next >= cwndBytes, "window shrank on an ACK");
        cwndBytes = next;
      }
      nowPs = startPs + rttPs;
    }

    /** Runs whole round trips until the clock reaches {@code tPs}; returns the window then. */
    long runUntil(long tPs) {
      while (nowPs < tPs) {
        round();
      }
      return cwndBytes;
    }
  }

  private static long seconds(double s) {
    return Math.round(s * PS_PER_S);
  }

  private static double segments(long bytes) {
    return (double) bytes / MSS;
  }

  /** RFC 9438 equation 1, in segments. */
  private static double wCubic(double tS, double kS, double wMaxSegments) {
    return C * Math.pow(tS - kS, 3) + wMaxSegments;
  }

  /** RFC 9438 equation 2, in seconds. */
  private static double k(double wMaxSegments, double cwndSegments) {
    return Math.cbrt((wMaxSegments - cwndSegments) / C);
  }

  /** Loss at {@code lossSegments} at time 0, then avoidance from the new threshold. */
  private static AckClock afterLoss(long lossSegments, long rttPs) {
    Cubic cubic = new Cubic(MSS);
    long ssthresh = cubic.ssthreshAfterLoss(lossSegments * MSS, 0);
    return new AckClock(cubic, ssthresh, 0, rttPs);
  }

  @Test
  void shouldBeNamedCubic() {
    assertEquals("cubic", new Cubic(MSS).name());
  }

  @Test
  void shouldReturnSeventyPercentWhenLossAtHundredSegments() {
    assertEquals(70 * MSS, new Cubic(MSS).ssthreshAfterLoss(100 * MSS, 0));
    assertEquals(700 * MSS, new Cubic(MSS).ssthreshAfterLoss(1000 * MSS, 0));
  }

  @Test
  void shouldNotGoBelowTwoSegmentsWhenLossAtSmallWindow() {
    for (long cwnd : new long[] {0, 1, MSS, 2 * MSS, 2 * MSS + MSS / 2}) {
      assertEquals(2 * MSS, new Cubic(MSS).ssthreshAfterLoss(cwnd, 0), "loss at " + cwnd);
    }
    assertEquals(7 * MSS, new Cubic(MSS).ssthreshAfterLoss(10 * MSS, 0));
  }

  @Test
  void shouldPlaceKAtCubeRootOfDropOverCWhenAvoidanceStartsAfterLoss() {
    for (long lossSegments : new long[] {100, 1000, 20}) {
      Cubic cubic = new Cubic(MSS);
      long ssthresh = cubic.ssthreshAfterLoss(lossSegments * MSS, 0);
      cubic.onAckInAvoidance(ssthresh, MSS, seconds(1), RTT_PS);
      double expectedS = k(lossSegments, 0.7 * lossSegments);
      double actualS = (double) cubic.kPs() / PS_PER_S;
      // One 2^-10 s step.
      assertEquals(expectedS, actualS, 0.001, "loss at " + lossSegments);
    }
    assertEquals(4.217, k(100, 70), 0.001);
  }

  @Test
  void shouldGrowConcavelyTowardWmaxWhenBelowIt() {
    AckClock clock = afterLoss(1000, RTT_PS);
    double kS = k(1000, 700);
    List<Double> windows = new ArrayList<>();
    for (int s = 0; s <= 9; s++) {
      long cwnd = clock.runUntil(seconds(s));
      windows.add(segments(cwnd));
      // Tracks the curve within a round trip's worth of its slope plus a segment of rounding.
      double expected = wCubic(s, kS, 1000);
      double slope = 3 * C * (kS - s) * (kS - s);
      assertEquals(expected, segments(cwnd), slope * 0.1 + 2, "at " + s + " s");
      assertTrue(cwnd <= 1001 * MSS, "overshot W_max at " + s + " s: " + segments(cwnd));
    }
    for (int s = 0; s < 6; s++) {
      double growth = windows.get(s + 1) - windows.get(s);
      double nextGrowth = windows.get(s + 2) - windows.get(s + 1);
      assertTrue(
          nextGrowth < growth,
          "growth per second did not shrink after " + s + " s: " + growth + " then " + nextGrowth);
    }
  }

  @Test
  void shouldPlateauNearWmaxAroundKThenGrowConvexlyWhenPastIt() {
    AckClock clock = afterLoss(1000, RTT_PS);
    double kS = k(1000, 700);
    double earlyGrowth = segments(clock.runUntil(seconds(1)) - 700 * MSS);
    long beforeK = clock.runUntil(seconds(kS - 0.5));
    long atK = clock.runUntil(seconds(kS));
    long afterK = clock.runUntil(seconds(kS + 0.5));
    assertEquals(1000, segments(atK), 10);
    double plateauGrowth = segments(afterK - beforeK);
    assertTrue(plateauGrowth <= 3, "grew " + plateauGrowth + " segments around K");
    assertTrue(earlyGrowth > 20 * Math.max(plateauGrowth, 1));

    double previousGrowth = 0;
    long previous = clock.runUntil(seconds(kS + 1));
    for (int s = 2; s <= 5; s++) {
      long cwnd = clock.runUntil(seconds(kS + s));
      double growth = segments(cwnd - previous);
      assertTrue(
          growth > previousGrowth,
          "growth did not rise at K + " + s + " s: " + previousGrowth + " then " + growth);
      assertEquals(wCubic(kS + s, kS, 1000), segments(cwnd), 3 * C * s * s * 0.1 + 2);
      previousGrowth = growth;
      previous = cwnd;
    }
  }

  @Test
  void shouldAimOneRoundTripAheadWhenRttIsLong() {
    long rttPs = PS_PER_S;
    double rttS = 1;
    AckClock clock = afterLoss(1000, rttPs);
    double kS = k(1000, 700);
    for (int s = 1; s <= 18; s++) {
      long cwnd = clock.runUntil(seconds(s));
      if (Math.abs(s - kS) < 4) {
        continue; // the curve is too flat here to tell t from t - RTT
      }
      // Aiming at W(t + RTT) and taking a round trip to get there puts the window on W(t).
      double offCurve = Math.abs(segments(cwnd) - wCubic(s, kS, 1000));
      double offLagging = Math.abs(segments(cwnd) - wCubic(s - rttS, kS, 1000));
      assertTrue(
          offCurve < offLagging,
          "at " + s + " s: " + segments(cwnd) + " is a round trip behind the curve");
    }
  }

  @Test
  void shouldLowerWmaxWhenSecondLossComesBeforeReachingOldWmax() {
    AckClock first = afterLoss(1000, RTT_PS);
    long secondLossBytes = first.runUntil(seconds(3));
    assertTrue(secondLossBytes < 1000 * MSS);

    long ssthresh = first.cubic.ssthreshAfterLoss(secondLossBytes, seconds(3));
    double lossSegments = segments(secondLossBytes);
    double wMax = lossSegments * (1 + BETA) / 2;
    assertEquals(wMax, segments(first.cubic.wMaxBytes()), 0.01);
    assertEquals(lossSegments * BETA, segments(ssthresh), 0.01);

    // The window levels off at the lowered W_max, not where the loss happened.
    AckClock second = new AckClock(first.cubic, ssthresh, seconds(3), RTT_PS);
    double kS = k(wMax, segments(ssthresh));
    long atK = second.runUntil(seconds(3 + kS));
    assertEquals(wMax, segments(atK), wMax * 0.01);
    long later = second.runUntil(seconds(3 + kS + 1));
    assertTrue(later < secondLossBytes, "reached the loss window " + lossSegments + " too soon");
  }

  @Test
  void shouldKeepWmaxAtLossWindowWhenLossComesAboveOldWmax() {
    Cubic cubic = new Cubic(MSS);
    cubic.ssthreshAfterLoss(1000 * MSS, 0);
    cubic.ssthreshAfterLoss(1100 * MSS, seconds(20));
    assertEquals(1100 * MSS, cubic.wMaxBytes());
  }

  @Test
  void shouldGrowAtLeastAsFastAsRenoEstimateWhenRttAndWindowAreSmall() {
    long rttPs = PS_PER_S / 1000;
    AckClock clock = afterLoss(20, rttPs);
    double startSegments = segments(clock.cwndBytes);
    for (int round = 1; round <= 400; round++) {
      clock.round();
      double reno = startSegments + round * RENO_ALPHA;
      // W_est grows in whole segments, the window follows it in whole segments and a round trip
      // late: up to two segments and one round's growth behind the continuous estimate.
      assertTrue(
          segments(clock.cwndBytes) >= reno - RENO_ALPHA - 2,
          "round " + round + ": " + segments(clock.cwndBytes) + " < Reno " + reno);
    }
    // The cubic curve alone would still be short of the old W_max of 20.
    double cubicAlone = wCubic(0.4 + 0.001, k(20, 14), 20);
    assertTrue(cubicAlone < 20);
    assertTrue(segments(clock.cwndBytes) > 200, "only " + segments(clock.cwndBytes));
  }

  @Test
  void shouldGrowAtMostHalfTheWindowPerRttWhenTargetIsFarAbove() {
    Cubic cubic = new Cubic(MSS);
    long ssthresh = cubic.ssthreshAfterLoss(100 * MSS, 0);
    cubic.onAckInAvoidance(ssthresh, MSS, 0, RTT_PS);
    // Idle until the curve is thousands of segments above the window.
    AckClock clock = new AckClock(cubic, ssthresh, seconds(30), RTT_PS);
    for (int round = 0; round < 8; round++) {
      long before = clock.cwndBytes;
      clock.round();
      long growth = clock.cwndBytes - before;
      assertTrue(growth <= before / 2 + MSS, "grew " + growth + " from " + before);
      assertTrue(growth >= before * 2 / 5, "grew only " + growth + " from " + before);
    }
  }

  @Test
  void shouldGrowAboutOneSegmentPerHundredWindowsWhenAboveTarget() {
    Cubic cubic = new Cubic(MSS);
    long ssthresh = cubic.ssthreshAfterLoss(1000 * MSS, 0);
    cubic.onAckInAvoidance(ssthresh, MSS, 0, RTT_PS);
    long cwnd = 1200 * MSS;
    long start = cwnd;
    long nowPs = RTT_PS;
    for (int window = 1; window <= 300; window++) {
      long windowBytes = cwnd;
      for (long acked = 0; acked < windowBytes; acked += MSS) {
        cwnd = cubic.onAckInAvoidance(cwnd, MSS, nowPs, RTT_PS);
      }
      if (window == 100) {
        assertTrue(cwnd - start <= MSS, "grew " + segments(cwnd - start) + " in 100 windows");
      }
    }
    assertTrue(cwnd - start >= 2 * MSS, "grew only " + segments(cwnd - start));
    assertTrue(cwnd - start <= 3 * MSS, "grew " + segments(cwnd - start) + " in 300 windows");
  }

  @Test
  void shouldGrowAtLeastFivePercentPerRttWhenNoLossYet() {
    AckClock clock = new AckClock(new Cubic(MSS), 100 * MSS, 0, RTT_PS);
    for (int round = 0; round < 20; round++) {
      long before = clock.cwndBytes;
      clock.round();
      assertTrue(clock.cwndBytes - before >= before / 20 - MSS, "round " + round);
    }
  }

  @Test
  void shouldStartCurveAtCurrentWindowWhenTimeoutForgetsWmax() {
    Cubic timedOut = new Cubic(MSS);
    long ssthresh = timedOut.ssthreshAfterLoss(1000 * MSS, 0);
    timedOut.onTimeout(0);
    Cubic onlyLoss = new Cubic(MSS);
    assertEquals(ssthresh, onlyLoss.ssthreshAfterLoss(1000 * MSS, 0));
    Cubic timeoutFirst = new Cubic(MSS);
    timeoutFirst.onTimeout(0);
    assertEquals(ssthresh, timeoutFirst.ssthreshAfterLoss(1000 * MSS, 0));

    AckClock afterTimeout = new AckClock(timedOut, ssthresh, 0, RTT_PS);
    afterTimeout.round();
    assertEquals(0, timedOut.wMaxBytes());
    assertEquals(0, timedOut.kPs());
    AckClock afterLossOnly = new AckClock(onlyLoss, ssthresh, 0, RTT_PS);
    // The old W_max of 1000 no longer holds the window back.
    assertTrue(afterTimeout.runUntil(seconds(2)) > 1000 * MSS);
    assertTrue(afterLossOnly.runUntil(seconds(2)) < 1000 * MSS);

    // With W_max forgotten, the next loss is not read as a new competing flow.
    long lossBytes = afterTimeout.cwndBytes;
    timedOut.ssthreshAfterLoss(lossBytes, seconds(2));
    assertEquals(lossBytes, timedOut.wMaxBytes());
  }

  @Test
  void shouldNeverShrinkWindowWhenFedArbitraryInputs() {
    SplittableRandom random = new SplittableRandom(9438);
    Cubic cubic = new Cubic(MSS);
    long nowPs = 0;
    for (int i = 0; i < 200_000; i++) {
      nowPs += random.nextLong(seconds(1));
      long cwnd = 1 + random.nextLong(1L << (1 + random.nextInt(50)));
      int event = random.nextInt(100);
      if (event == 0) {
        long ssthresh = cubic.ssthreshAfterLoss(cwnd, nowPs);
        assertTrue(ssthresh >= 2 * MSS && ssthresh <= Math.max(cwnd, 2 * MSS));
      } else if (event == 1) {
        cubic.onTimeout(nowPs);
      } else {
        long acked = random.nextLong(4 * MSS);
        long minRttPs = random.nextBoolean() ? 0 : random.nextLong(seconds(1));
        assertTrue(cubic.onAckInAvoidance(cwnd, acked, nowPs, minRttPs) >= cwnd);
      }
    }
    long huge = Long.MAX_VALUE / 3;
    cubic.ssthreshAfterLoss(huge, nowPs);
    assertTrue(cubic.onAckInAvoidance(huge / 2, huge, nowPs, huge) >= huge / 2);
    assertTrue(cubic.onAckInAvoidance(huge, MSS, Long.MAX_VALUE / 2, 0) >= huge);
    assertTrue(cubic.onAckInAvoidance(Long.MAX_VALUE - 1, MSS, Long.MAX_VALUE, 0) > 0);
  }

  /** Losses, a timeout and a thousand round trips, recording the window after every ACK. */
  private static List<Long> scriptedTrace(Cubic... cubics) {
    List<Long> trace = new ArrayList<>();
    long[] cwnd = new long[cubics.length];
    Arrays.fill(cwnd, 100 * MSS);
    long rttPs = PS_PER_S / 100;
    long nowPs = 0;
    for (int round = 0; round < 1000; round++) {
      if (round % 100 == 0) {
        for (int c = 0; c < cubics.length; c++) {
          cwnd[c] = cubics[c].ssthreshAfterLoss(cwnd[c], nowPs);
          if (round == 500) {
            cubics[c].onTimeout(nowPs);
          }
        }
      }
      long acks = cwnd[0] / MSS;
      for (long i = 0; i < acks; i++) {
        nowPs += rttPs / acks;
        for (int c = 0; c < cubics.length; c++) {
          cwnd[c] = cubics[c].onAckInAvoidance(cwnd[c], MSS, nowPs, rttPs);
        }
        trace.add(cwnd[0]);
        for (int c = 1; c < cubics.length; c++) {
          assertEquals(cwnd[0], cwnd[c]);
        }
      }
    }
    return trace;
  }

  @Test
  void shouldProduceIdenticalWindowsWhenTwoInstancesSeeTheSameSequence() {
    List<Long> alone = scriptedTrace(new Cubic(MSS));
    // Interleaved, so that any state shared between instances would make them diverge.
    List<Long> together = scriptedTrace(new Cubic(MSS), new Cubic(MSS));
    assertEquals(alone, together);
    assertTrue(alone.get(alone.size() - 1) > alone.get(0), "the script never grew the window");
  }
}
