package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelParameterException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A flow-size CDF table: its checks, its draws, its mean. */
class FlowSizesTest {
  private static final String WEB_SEARCH =
      "1:0,10000:0.15,20000:0.2,30000:0.3,50000:0.4,80000:0.53,200000:0.6,1000000:0.7,"
          + "2000000:0.8,5000000:0.9,10000000:0.97,30000000:1";

  @Test
  void shouldMatchTheTableWhenManySizesAreDrawn() {
    // Dvoretzky-Kiefer-Wolfowitz: with n = 100,000 draws the empirical CDF strays from the true
    // one by more than 0.01 anywhere with probability at most 2 exp(-2 n 0.01^2) = 4e-9.
    FlowSizes sizes = FlowSizes.cdf("flowSizeCdf", WEB_SEARCH);
    long seed = 42;
    SplittableRandom random = new SplittableRandom(seed);
    int n = 100_000;
    long[] points = {10_000, 20_000, 50_000, 200_000, 1_000_000, 5_000_000, 10_000_000};
    double[] cdf = {0.15, 0.2, 0.4, 0.6, 0.7, 0.9, 0.97};
    int[] atMost = new int[points.length];
    for (int i = 0; i < n; i++) {
      long s = sizes.draw(random);
      assertTrue(s >= 1 && s <= 30_000_000, "drew " + s);
      for (int k = 0; k < points.length; k++) {
        atMost[k] += s <= points[k] ? 1 : 0;
      }
    }
    for (int k = 0; k < points.length; k++) {
      double seen = (double) atMost[k] / n;
      assertEquals(cdf[k], seen, 0.01, "P(size <= " + points[k] + "), seed " + seed);
      assertEquals(cdf[k], sizes.cdfAt(points[k]), 1e-12);
    }
  }

  @Test
  void shouldInterpolateLinearlyAndHoldTheFirstSizeWhenDrawingAtAProbability() {
    FlowSizes sizes = FlowSizes.cdf("t", "100:0.5,300:1");
    assertEquals(100, sizes.sizeAt(0.2)); // below the first point: its size
    assertEquals(200, sizes.sizeAt(0.75)); // half-way between the points
    assertEquals(300, sizes.sizeAt(1.0));
    // mean: 0.5 x 100 + 0.5 x (100 + 300) / 2 = 150
    assertEquals(150.0, sizes.meanBytes(), 1e-9);
  }

  @Test
  void shouldGiveTheWebSearchMeanWhenComputedFromItsTable() {
    // sum of each segment's probability times its midpoint, by hand:
    // 0.15x5000.5 + 0.05x15000 + 0.1x25000 + 0.1x40000 + 0.13x65000 + 0.07x140000 + 0.1x600000
    // + 0.1x1500000 + 0.1x3500000 + 0.07x7500000 + 0.03x20000000 = 1,711,250.075
    assertEquals(1_711_250.075, FlowSizes.cdf("t", WEB_SEARCH).meanBytes(), 1e-3);
  }

  @Test
  void shouldRefuseATableWhenItIsNotACdf() {
    refused("100:0.5,50:1", "sizes must increase");
    refused("100:0.5,200:0.4,300:1", "must not decrease");
    refused("100:0.5,200:0.9", "must be 1");
    refused("0:0.5,200:1", "must be > 0");
    refused("100:1.5,200:1", "within 0..1");
    refused("100;1", "expected sizeBytes:cumulativeProbability");
  }

  private static void refused(String table, String message) {
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> FlowSizes.cdf("flowSizeCdf", table));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith("flowSizeCdf"), e.getMessage());
  }
}
