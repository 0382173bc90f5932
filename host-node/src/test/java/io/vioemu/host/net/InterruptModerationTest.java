package io.vioemu.host.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.InJvmRun;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InterruptModerationTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "coalescing", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void shouldFireOnTheNthFrameAndArmTheTimerOnTheFirst() {
    InterruptModeration m = new InterruptModeration(3, 1_000);
    assertFalse(m.onFrame());
    assertTrue(m.timerNeeded());
    assertFalse(m.onFrame());
    assertFalse(m.timerNeeded());
    assertTrue(m.onFrame());
    long before = m.generation();
    assertEquals(3, m.fire());
    assertEquals(
        before + 1, m.generation(), "a timer armed for the old batch must not fire the new one");
    assertThrows(IllegalArgumentException.class, () -> new InterruptModeration(4, 0));
    assertThrows(IllegalArgumentException.class, () -> new InterruptModeration(0, 10));
  }

  private static SortedMap<String, Long> receiver(Map<String, String> extra, long endPs) {
    Map<String, String> p =
        new HashMap<>(
            Map.of(
                "senders",
                "1",
                "payloadBytes",
                "1500",
                "cost.clockHz",
                "2000000000",
                "cost.rxInterruptCycles",
                "2000",
                "cost.rxStackCyclesPerFrame",
                "3000"));
    p.putAll(extra);
    InJvmRun.Outcome o = InJvmRun.run(kit, new HostStarModel().create(p), 1, 1, endPs);
    assertNull(o.failure(), o.failure());
    return o.metrics().get(1);
  }

  private static double perSecond(SortedMap<String, Long> rx) {
    return (rx.get("rxFrames") - 1) / ((rx.get("lastRxPs") - rx.get("firstRxPs")) / 1e12);
  }

  @Test
  void shouldRaiseCpuBoundThroughputWhenInterruptsCoverSeveralFrames() {
    // Per frame 2,000 interrupt + 3,000 stack cycles at 2 GHz: 400,000 frames/s. Coalescing 8
    // frames per interrupt: 250 + 3,000 cycles, 615,385 frames/s, still below the wire's 812,744.
    SortedMap<String, Long> each = receiver(Map.of(), 2_000_000_000L);
    SortedMap<String, Long> eight =
        receiver(Map.of("rxCoalesceFrames", "8", "rxCoalescePs", "20000000"), 2_000_000_000L);
    assertEquals(400_000, perSecond(each), 400_000 * 0.005);
    assertEquals(2e9 / 3250, perSecond(eight), 2e9 / 3250 * 0.005);
    assertTrue(each.get("rxInterrupts") >= each.get("rxFrames"), "one per frame");
    assertEquals(
        eight.get("rxLandedFrames") / 8, eight.get("rxInterrupts"), "one per 8 landed frames");
  }

  @Test
  void shouldDelayALoneFrameByTheCoalescingTimeWhenTrafficIsSparse() {
    Map<String, String> sparse = Map.of("intervalPs", "50000000"); // one frame per 50 µs
    SortedMap<String, Long> each = receiver(sparse, 500_000_000L);
    SortedMap<String, Long> held =
        receiver(
            Map.of("intervalPs", "50000000", "rxCoalesceFrames", "8", "rxCoalescePs", "10000000"),
            500_000_000L);
    assertEquals(each.get("rxFrames"), held.get("rxFrames"));
    assertEquals(
        each.get("firstRxPs") + 10_000_000, held.get("firstRxPs"), "exactly the 10 µs timer");
    assertEquals(
        held.get("rxFrames"), held.get("rxInterrupts"), "every lone frame needs its own timer");
  }
}
