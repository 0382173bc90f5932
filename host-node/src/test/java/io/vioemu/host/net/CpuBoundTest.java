package io.vioemu.host.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/**
 * Throughput is bounded by the wire or by a core, whichever is slower, with nothing but per-
 * operation cycle costs as input. The costs here are a test profile chosen to make the receiver
 * CPU-bound, not a calibration.
 */
class CpuBoundTest {
  private static final long END_PS = 2_000_000_000L; // 2 ms
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create("cpu-bound", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Host 0 streams to host 1 at line rate; host 1's receive path costs what {@code rx} says. */
  private static InJvmRun.Outcome stream(int payloadBytes, Map<String, String> rx) {
    Map<String, String> p = new HashMap<>(rx);
    p.put("senders", "1");
    p.put("payloadBytes", Integer.toString(payloadBytes));
    p.put("cost.clockHz", "2000000000");
    InJvmRun.Outcome o = InJvmRun.run(kit, new HostStarModel().create(p), 1, 1, END_PS);
    assertNull(o.failure(), o.failure());
    return o;
  }

  private static double deliveredPerSecond(SortedMap<String, Long> rx) {
    return (rx.get("rxFrames") - 1) / ((rx.get("lastRxPs") - rx.get("firstRxPs")) / 1e12);
  }

  @Test
  void shouldCapThroughputAtTheRateTheCyclesAllowWhenReceiverCpuIsTheBottleneck() {
    // 4,000 cycles per frame + 1 per byte at 2 GHz: 5,500 cycles = 2.75 µs per 1,500-byte frame,
    // 363,636 frames/s, while the wire brings 812,744 frames/s.
    SortedMap<String, Long> rx =
        stream(
                1500,
                Map.of(
                    "cost.rxStackCyclesPerFrame",
                    "3000",
                    "cost.rxDriverCyclesPerFrame",
                    "1000",
                    "cost.rxCopyMilliCyclesPerByte",
                    "1000"))
            .metrics()
            .get(1);
    assertEquals(1e12 / 2_750_000, deliveredPerSecond(rx), 1e12 / 2_750_000 * 0.005);
    double busy = (double) rx.get("core0.busyPs") / END_PS;
    assertTrue(busy > 0.97, "the receiving core must be saturated: " + busy);
    assertTrue(rx.get("rxRingDrops") > 0, "the excess is dropped at the ring");
    assertEquals(
        rx.get("core0.stackPs") * 1000 / 3000, rx.get("core0.driverPs"), "stack:driver = 3:1");
  }

  @Test
  void shouldRunAtLineRateWithIdleCpuWhenCyclesAreCheap() {
    SortedMap<String, Long> rx =
        stream(1500, Map.of("cost.rxStackCyclesPerFrame", "300")).metrics().get(1);
    assertEquals(1e12 / 1_230_400, deliveredPerSecond(rx), 1.0);
    assertTrue((double) rx.get("core0.busyPs") / END_PS < 0.15);
    assertEquals(0, rx.get("rxRingDrops"));
  }

  @Test
  void shouldShowPerFrameAndPerByteCostsWhenMessageSizeChanges() {
    Map<String, String> costs =
        Map.of("cost.rxStackCyclesPerFrame", "2000", "cost.rxCopyMilliCyclesPerByte", "2000");
    // small frames: per-frame cost dominates, 2,000 + 2*64 cycles; large: 2,000 + 2*1,500
    double small = deliveredPerSecond(stream(64, costs).metrics().get(1));
    double large = deliveredPerSecond(stream(1500, costs).metrics().get(1));
    assertEquals(2e9 / (2000 + 2 * 64), small, small * 0.005);
    assertEquals(2e9 / (2000 + 2 * 1500), large, large * 0.005);
  }
}
