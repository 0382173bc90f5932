package io.vioemu.host.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Adaptive ITR as e1000's driver classes its traffic, and the throttle it gives the NIC. */
class AdaptiveItrTest {
  /** {@code 1e9 / (rate x 256)} whole 256 ns units, in picoseconds. */
  private static long interval(long interruptsPerSec) {
    return 1_000_000_000L / (interruptsPerSec * 256) * 256_000;
  }

  @Test
  void shouldFallToBulkAtOnceAndRiseByQuartersWhenConservative() {
    AdaptiveItr itr = new AdaptiveItr(true);
    assertEquals(49_920_000, itr.intervalPs(), "starts at 20,000/s: 195 units of 256 ns");

    // 40 frames of 1,500 B from lowest latency: stays lowest, which conservative makes low
    assertEquals(49_920_000, itr.update(40, 60_000));
    assertEquals(20_000, itr.interruptsPerSec());
    // low latency, > 10,000 B at 1,500 B per packet (> 1,200): bulk, 4,000/s at once
    assertEquals(249_856_000, itr.update(40, 60_000), "976 units");
    assertEquals(4_000, itr.interruptsPerSec());
    // bulk, < 6,000 B: low latency; the rate rises by a quarter of 20,000: 9,000/s
    assertEquals(interval(9_000), itr.update(2, 100));
    assertEquals(111_104_000, interval(9_000), "434 units");
    // low, <= 2 packets of < 512 B: lowest, conservative keeps low: 14,000, 19,000, 20,000/s
    assertEquals(71_424_000, itr.update(2, 100));
    assertEquals(14_000, itr.interruptsPerSec());
    itr.update(2, 100);
    assertEquals(19_000, itr.interruptsPerSec());
    itr.update(2, 100);
    assertEquals(20_000, itr.interruptsPerSec());
    // a poll that found nothing changes nothing
    itr.update(0, 0);
    assertEquals(20_000, itr.interruptsPerSec());
  }

  @Test
  void shouldReachLowestLatencyWhenDynamicAndTrafficIsSparse() {
    AdaptiveItr itr = new AdaptiveItr(false);
    // from lowest: 3 packets of 400 B (< 5 packets, > 512 B): low latency, 20,000/s
    itr.update(3, 1_200);
    assertEquals(20_000, itr.interruptsPerSec());
    // low, 1 packet of 100 B: lowest latency, 70,000/s, reached by quarters of 70,000
    itr.update(1, 100);
    assertEquals(37_500, itr.interruptsPerSec());
    itr.update(1, 100);
    assertEquals(55_000, itr.interruptsPerSec());
    itr.update(1, 100);
    assertEquals(70_000, itr.interruptsPerSec());
    assertEquals(interval(70_000), 14_080_000, "55 units");
    assertEquals(14_080_000, itr.intervalPs());
    // a TSO-sized aggregate (> 8,000 B per packet) from lowest: bulk at once
    itr.update(2, 20_000);
    assertEquals(4_000, itr.interruptsPerSec());
    assertNull(AdaptiveItr.of(AdaptiveItr.Mode.OFF));
  }

  @Test
  void shouldHoldTheNextInterruptForTheThrottleWhenFramesLandSooner() {
    InterruptModeration m = new InterruptModeration(1, 0, 100_000_000, null);
    assertEquals(0, m.onFrames(1, 0), "the first frame fires at once");
    m.fire(0);
    assertEquals(100_000_000, m.onFrames(1, 10_000_000), "held until 100 us after the last");
    assertEquals(Long.MAX_VALUE, m.onFrames(2, 20_000_000), "the armed timer covers these");
    assertEquals(3, m.fire(100_000_000));
    assertEquals(250_000_000, m.onFrames(1, 250_000_000), "the interval passed: at once");
  }

  @Test
  void shouldCountFramesFromTheUnmaskWhenCoalescing() {
    InterruptModeration m = new InterruptModeration(8, 50_000_000);
    assertEquals(1_050_000_000, m.onFrames(2, 1_000_000_000), "2 of 8: the timer from now");
    assertEquals(Long.MAX_VALUE, m.onFrames(5, 1_010_000_000));
    assertEquals(1_020_000_000, m.onFrames(1, 1_020_000_000), "the 8th frame fires");
  }
}
