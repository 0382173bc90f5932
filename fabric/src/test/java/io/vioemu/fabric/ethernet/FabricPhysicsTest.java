package io.vioemu.fabric.ethernet;

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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Line-rate physics of a 10GbE star with a store-and-forward switch (0.5 µs forwarding, 1 µs
 * links), on the real kernel, read from the entities' end-of-run metrics.
 */
class FabricPhysicsTest {
  private static final long SWITCH_LATENCY_PS = 500_000;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "fabric-physics", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static StarTopologyModel star(Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(Map.of("forwardingPs", Long.toString(SWITCH_LATENCY_PS)));
    p.putAll(extra);
    return (StarTopologyModel) new StarTopologyModel.Factory().create(p);
  }

  /** Host 0 streams {@code payloadBytes} frames back to back to host 1. */
  private static SortedMap<String, Long> receiver(int payloadBytes, long endPs) {
    InJvmRun.Outcome o =
        InJvmRun.run(
            kit,
            star(Map.of("senders", "1", "payloadBytes", Integer.toString(payloadBytes))),
            1,
            1,
            endPs);
    assertNull(o.failure(), o.failure());
    return o.metrics().get(1);
  }

  private static long spacingPs(SortedMap<String, Long> rx) {
    return (rx.get("lastRxPs") - rx.get("firstRxPs")) / (rx.get("rxFrames") - 1);
  }

  @Test
  void shouldSaturateAt14_88MppsWhenFramesAreMinimal() {
    SortedMap<String, Long> rx = receiver(46, 100_000_000);
    assertEquals(67_200, spacingPs(rx), "84 wire bytes at 800 ps each");
    assertEquals(
        rx.get("firstRxPs") + (rx.get("rxFrames") - 1) * 67_200, rx.get("lastRxPs"), "no gaps");
    assertEquals(14.88, 1e6 / spacingPs(rx), 0.005);
    // first frame: 72 bytes to the switch + 1 µs, 0.5 µs forwarding, 72 bytes + 1 µs again
    assertEquals(2 * (72 * 800 + 1_000_000) + SWITCH_LATENCY_PS, rx.get("firstRxPs"));
  }

  @Test
  void shouldCarry9_75GbpsOfL2PayloadWhenFramesAreFull() {
    SortedMap<String, Long> rx = receiver(1500, 200_000_000);
    assertEquals(1_230_400, spacingPs(rx), "1538 wire bytes at 800 ps each");
    assertEquals(9.7529, 1500 * 8 / (spacingPs(rx) / 1000.0), 0.0001);
  }

  /** Hosts 0 and 1 both stream to host 2: switch port 2 is oversubscribed 2:1. */
  private static StarTopologyModel incast(long bufferBytes, long stopPs) {
    return star(
        Map.of(
            "hosts",
            "3",
            "senders",
            "2",
            "incastHost",
            "2",
            "switchBufferBytes",
            Long.toString(bufferBytes),
            "stopPs",
            Long.toString(stopPs)));
  }

  @Test
  void shouldDropTailAndConserveFramesWhenOutputIsOversubscribed() {
    InJvmRun.Outcome o = InJvmRun.run(kit, incast(20 * 1518, 100_000_000), 1, 1, 150_000_000);
    assertNull(o.failure(), o.failure());
    long sent = o.metrics().get(0).get("txFrames") + o.metrics().get(1).get("txFrames");
    SortedMap<String, Long> rx = o.metrics().get(2);
    SortedMap<String, Long> sw = o.metrics().get(3);
    long drops = sw.get("port2.drops");
    assertTrue(drops > sent / 3, "about half must be dropped: " + drops + " of " + sent);
    assertEquals(
        sent, rx.get("rxFrames") + drops, "every frame is delivered or counted as dropped");
    assertEquals(20 * 1518, sw.get("port2.maxQueuedBytes"), "the buffer filled exactly");
    assertEquals(1_230_400, spacingPs(rx), "the output ran at line rate");
  }

  @Test
  void shouldGiveSameChecksumAndMetricsWhenHostsAndSwitchAreSpreadOverPartitions() {
    InJvmRun.Outcome one = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 1, 5, 40_000_000);
    InJvmRun.Outcome two = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 2, 5, 40_000_000);
    InJvmRun.Outcome four = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 4, 5, 40_000_000);
    assertNull(one.failure(), one.failure());
    assertEquals(one, two);
    assertEquals(one, four);
  }

  @Test
  void shouldNameTheParameterWhenOneIsMisspelt() {
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> star(Map.of("payloadBytez", "64")));
    assertTrue(
        e.getMessage().contains("unknown eth-star parameter 'payloadBytez'"), e.getMessage());
  }
}
