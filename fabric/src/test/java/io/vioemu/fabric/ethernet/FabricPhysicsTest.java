package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.InJvmRun;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Line-rate physics of a 10GbE star with a store-and-forward switch, on the real kernel. */
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

  /** Host 0 streams to host 1 through the switch. */
  private static StarModel pair(int payloadBytes, long untilPs) {
    LinkSettings link = LinkSettings.tenGig();
    StarModel[] self = new StarModel[1];
    self[0] =
        new StarModel(
            2,
            link,
            1 << 20,
            SWITCH_LATENCY_PS,
            id ->
                id == 0
                    ? new LineRateSource(
                        StarModel.mac(0),
                        StarModel.mac(1),
                        payloadBytes,
                        link,
                        self[0].uplink(0),
                        untilPs)
                    : new CountingSink(StarModel.mac(1)));
    return self[0];
  }

  private static CountingSink sink(StarModel m, int host) {
    return (CountingSink) m.created.get(host);
  }

  @Test
  void shouldSaturateAt14_88MppsWhenFramesAreMinimal() {
    StarModel m = pair(46, Long.MAX_VALUE);
    InJvmRun.Outcome o = InJvmRun.run(kit, m, 1, 1, 100_000_000);
    assertNull(o.failure(), o.failure());
    CountingSink sink = sink(m, 1);
    long spacingPs = (sink.lastPs - sink.firstPs) / (sink.frames - 1);
    assertEquals(67_200, spacingPs, "84 wire bytes at 800 ps each");
    assertEquals(sink.firstPs + (sink.frames - 1) * 67_200, sink.lastPs, "no gaps, no bunching");
    double mpps = 1e6 / spacingPs;
    assertEquals(14.88, mpps, 0.005);
    // first frame: 72 bytes to the switch + 1 µs, 0.5 µs forwarding, 72 bytes + 1 µs again
    assertEquals(2 * (72 * 800 + 1_000_000) + SWITCH_LATENCY_PS, sink.firstPs);
  }

  @Test
  void shouldCarry9_75GbpsOfL2PayloadWhenFramesAreFull() {
    StarModel m = pair(1500, Long.MAX_VALUE);
    assertNull(InJvmRun.run(kit, m, 1, 1, 200_000_000).failure());
    CountingSink sink = sink(m, 1);
    long spacingPs = (sink.lastPs - sink.firstPs) / (sink.frames - 1);
    assertEquals(1_230_400, spacingPs, "1538 wire bytes at 800 ps each");
    double payloadGbps = 1500 * 8 / (spacingPs / 1000.0);
    assertEquals(9.7529, payloadGbps, 0.0001);
  }

  /** Hosts 0 and 1 both stream to host 2: port 2 is oversubscribed 2:1. */
  private static StarModel incast(long bufferBytes, long untilPs) {
    LinkSettings link = LinkSettings.tenGig();
    StarModel[] self = new StarModel[1];
    self[0] =
        new StarModel(
            3,
            link,
            bufferBytes,
            SWITCH_LATENCY_PS,
            id ->
                id < 2
                    ? new LineRateSource(
                        StarModel.mac(id),
                        StarModel.mac(2),
                        1500,
                        link,
                        self[0].uplink(id),
                        untilPs)
                    : new CountingSink(StarModel.mac(2)));
    return self[0];
  }

  @Test
  void shouldDropTailAndConserveFramesWhenOutputIsOversubscribed() {
    StarModel m = incast(20 * 1518, 100_000_000);
    assertNull(InJvmRun.run(kit, m, 1, 1, 150_000_000).failure());
    long sent =
        ((LineRateSource) m.created.get(0)).nic().counters().txFrames()
            + ((LineRateSource) m.created.get(1)).nic().counters().txFrames();
    PortCounters out = m.switchModel().port(2).counters();
    CountingSink sink = sink(m, 2);
    assertTrue(
        out.drops() > sent / 3, "about half must be dropped: " + out.drops() + " of " + sent);
    assertEquals(sent, sink.frames + out.drops(), "every frame is delivered or counted as dropped");
    assertEquals(20 * 1518, out.maxQueuedBytes(), "the buffer filled exactly");
    assertEquals(
        1_230_400, (sink.lastPs - sink.firstPs) / (sink.frames - 1), "the output ran at line rate");
  }

  @Test
  void shouldGiveSameChecksumWhenHostsAndSwitchAreSpreadOverPartitions() {
    InJvmRun.Outcome one = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 1, 5, 40_000_000);
    InJvmRun.Outcome two = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 2, 5, 40_000_000);
    InJvmRun.Outcome four = InJvmRun.run(kit, incast(8 * 1518, 30_000_000), 4, 5, 40_000_000);
    assertNull(one.failure(), one.failure());
    assertEquals(one, two);
    assertEquals(one, four);
  }
}
