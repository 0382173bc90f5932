package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.PlacementStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finite flows on a cluster: completion times against bounds computed by hand, determinism. */
class FiniteFlowsTest {
  private static final long US = 1_000_000;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("fct", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** 10 Gb/s links of 0.5 us, switches of 0.5 us; no Nagle (RPC practice, see the README). */
  private static Map<String, String> params(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("fabric", "leaf-spine");
    p.put("test", "TCP_STREAM");
    p.put("leaves", "2");
    p.put("spines", "2");
    p.put("hostsPerLeaf", "2");
    p.put("propagationPs", "500000");
    p.put("forwardingPs", "500000");
    p.put("tcp.noDelay", "true");
    p.put("tcp.minRtoPs", "5000000000");
    p.put("tcp.initialRtoPs", "5000000000");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  /** Every completed flow's FCT, by flow, as its receiving host reports it. */
  private static Map<Integer, Long> fcts(NetperfRun r) {
    Map<Integer, Long> out = new HashMap<>();
    for (NetperfFlow f : r.model.flows()) {
      Long t = r.metrics.get(f.serverHost()).get("flow" + f.id() + ".fctPs");
      if (t != null) {
        out.put(f.id(), t);
      }
    }
    return out;
  }

  private static Map<String, String> shared() {
    return params(
        "pattern",
        "all-to-all",
        "flowSizeCdf",
        "1000:0,10000:0.5,100000:0.9,1000000:1",
        "loadPercent",
        "60",
        "stopPs",
        "2000000000",
        "flowSeed",
        "7");
  }

  @Test
  void shouldCompleteASingleFlowWithinItsHandComputedBoundWhenThePathIsIdle() {
    // one host per leaf, one spine: host 1 -> leaf1 -> spine0 -> leaf0 -> host 0, 4 links, 3
    // switches. 100,000 bytes at load 100% arrive every 80 us on average; flowSeed 3 gives one
    // flow before stopPs.
    Map<String, String> p =
        params(
            "hostsPerLeaf",
            "1",
            "spines",
            "1",
            "pattern",
            "incast",
            "incastHost",
            "0",
            "flowSizeBytes",
            "100000",
            "loadPercent",
            "100",
            "stopPs",
            "100000000",
            "flowSeed",
            "3",
            "tcp.delayedAck",
            "false");
    NetperfRun r = NetperfRun.cluster(kit, p, 1, PlacementStrategy.CONTIGUOUS, 1_000_000_000L);
    List<NetperfFlow> flows = r.model.flows();
    assertEquals(1, flows.size(), "flowSeed 3 no longer gives one flow: " + flows);
    long fct = fcts(r).get(flows.get(0).id());
    // Lower: the payload once at 10 Gb/s (80 us) + 4 links x 0.5 us + 3 switches x 0.5 us.
    long lower = 80 * US + 3_500_000;
    // Upper: a 1538-byte frame (1448 payload, 52 TCP/IP with timestamps, 38 Ethernet) takes
    // 1.2304 us per link; one way a frame takes 4 x 1.2304 + 4 x 0.5 + 3 x 0.5 = 8.42 us, an ACK
    // (84 bytes on the wire, 0.0672 us per link) 3.77 us: a network RTT of 12.19 us. 100,000 bytes
    // are 70 segments: with an initial window of 10 and slow start doubling each round trip (no
    // delayed ACKs), rounds of 10, 20 and 40 segments, so the flow waits for 2 round trips beyond
    // serializing its 70 frames (86.13 us) and the last frame's one-way trip. Host CPU (send
    // calls, stacks, interrupts) is allowed 10 us per round trip, 3 of them.
    long upper = 86_128_000 + 2 * 12_190_000 + 8_420_000 + 3 * 10 * US;
    assertTrue(
        fct >= lower && fct <= upper, "FCT " + fct + " ps not within " + lower + ".." + upper);
    assertTrue(r.result("fct.slowdownP50") >= 1.0);
    assertEquals(1, r.result("fct.completed"));
    assertEquals(0, r.result("fct.openEnds"), "both ends close once the flow is done");
  }

  @Test
  void shouldNeverBeatThePathsIdealWhenManyFlowsShareTheFabric() {
    NetperfRun r =
        NetperfRun.cluster(kit, shared(), 1, PlacementStrategy.CONTIGUOUS, 3_000_000_000L);
    Map<Integer, Long> fct = fcts(r);
    List<NetperfFlow> flows = r.model.flows();
    assertTrue(fct.size() >= flows.size() * 3 / 4, fct.size() + " of " + flows.size() + " done");
    long forwardingPs = 500_000;
    for (NetperfFlow f : flows) {
      Long t = fct.get(f.id());
      if (t != null) {
        long ideal =
            FctResults.idealPs(
                r.model.cluster().shape(),
                forwardingPs,
                f.clientHost(),
                f.serverHost(),
                f.sizeBytes());
        assertTrue(t >= ideal, "flow " + f + " took " + t + " ps, its ideal is " + ideal);
      }
    }
    assertTrue(r.result("fct.slowdownP50") >= 1.0);
    assertEquals(fct.size(), r.result("fct.completed"));
  }

  @Test
  void shouldGiveIdenticalResultsWhenFiniteFlowsRunOnOneOrTwoPartitions() {
    NetperfRun one =
        NetperfRun.cluster(kit, shared(), 1, PlacementStrategy.CONTIGUOUS, 1_500_000_000L);
    NetperfRun two =
        NetperfRun.cluster(kit, shared(), 2, PlacementStrategy.BY_RACK, 1_500_000_000L);
    assertEquals(NetperfRun.named(one.results()), NetperfRun.named(two.results()));
    assertEquals(one.checksum, two.checksum);
    assertTrue(one.result("fct.completed") > 0);
  }
}
