package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.PlacementStrategy;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** netperf hosts and VMs on a leaf-spine: oversubscription, a spine failure, determinism. */
class NetperfClusterTest {
  /** TCP goodput on 10GbE with timestamps (DESIGN.md, section 4). */
  private static final double TCP_LINE_RATE = 9.41e9;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("cluster", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Map<String, String> params(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("fabric", "leaf-spine");
    p.put("test", "TCP_STREAM");
    p.put("pattern", "pairs");
    p.put("locality", "cross-rack");
    // datacenter practice, as in CongestionTest: Linux's 200 ms floor would stall a flow for the
    // whole run after one loss
    p.put("tcp.minRtoPs", "5000000000");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void shouldCapCrossRackGoodputAtUplinkCapacityWhenOversubscribedFourToOne() {
    // 4 hosts per leaf at 10 Gb/s over one 10 Gb/s uplink to one spine: 4:1. Every host sends to
    // its peer in the other rack, so each direction of the uplink carries four flows.
    NetperfRun r =
        NetperfRun.cluster(
            kit,
            params(
                "leaves",
                "2",
                "spines",
                "1",
                "hostsPerLeaf",
                "4",
                "warmupPs",
                "4000000000",
                "switchBufferBytes",
                "131072"),
            1,
            PlacementStrategy.CONTIGUOUS,
            24_000_000_000L);
    double total = r.result("goodputBitsPerSec");
    assertEquals(4.0, r.result("fabric.oversubscription"), 1e-9);
    // two directions, each at most one uplink's TCP goodput (the other direction's ACKs share it).
    // Bytes in the 128 KiB uplink queue at the warm-up may be read within the measured 20 ms: up
    // to 105 us of line rate, 0.5% of it
    assertTrue(total <= 2 * TCP_LINE_RATE * 1.006, "total " + total);
    assertTrue(total >= 2 * TCP_LINE_RATE * 0.85, "total " + total);
  }

  @Test
  void shouldReturnToTheRemainingSpinesCapacityWhenASpineFailsUnderLoad() {
    // 2 hosts per leaf, 2 spines: 1:1 before the failure, one spine (10 Gb/s per direction) after.
    // Eight flows; with many more through one drop-tail queue both ways (data and the other
    // direction's ACKs), whole windows are lost and flows sit in RTO back-off for milliseconds.
    NetperfRun r =
        NetperfRun.cluster(
            kit,
            params(
                "leaves",
                "2",
                "spines",
                "2",
                "hostsPerLeaf",
                "2",
                "flowsPerHost",
                "2",
                "switchBufferBytes",
                "262144",
                "seriesIntervalPs",
                "1000000000",
                "fault.spine0.failPs",
                "10000000000",
                "detectionPs",
                "1000000000"),
            1,
            PlacementStrategy.CONTIGUOUS,
            40_000_000_000L);
    assertTrue(r.result("fabric.lostFrames") > 0, "no frame lost while undetected");
    assertEquals(0, r.result("fault.flowsNotRecovered"));
    double after = r.result("fault.goodputAfterBitsPerSec");
    assertTrue(after >= 2 * TCP_LINE_RATE * 0.85 && after <= 2 * TCP_LINE_RATE * 1.001, "" + after);
    // before: two spines, less what ECMP collisions cost (two flows of one direction on a spine)
    assertTrue(r.result("fault.goodputBeforeBitsPerSec") > 1.25 * after);
    double recovery = r.result("fault.recoveryPs");
    assertTrue(recovery >= 0 && recovery < 10_000_000_000L, "recovery " + recovery);
  }

  @Test
  void shouldGiveIdenticalResultsWhenVmRacksRunOnTwoPartitionsByRackOrRoundRobin() {
    Map<String, String> p =
        params(
            "leaves",
            "2",
            "spines",
            "2",
            "hostsPerLeaf",
            "2",
            "io.model",
            "virtio",
            "io.vmsPerHost",
            "2",
            "flowsPerHost",
            "2",
            "pattern",
            "permutation",
            "locality",
            "any",
            "fault.leaf0-spine1.failPs",
            "1000000000",
            "fault.leaf0-spine1.recoverPs",
            "2000000000",
            "detectionPs",
            "200000000");
    NetperfRun one = NetperfRun.cluster(kit, p, 1, PlacementStrategy.CONTIGUOUS, 3_000_000_000L);
    for (PlacementStrategy s :
        new PlacementStrategy[] {PlacementStrategy.BY_RACK, PlacementStrategy.ROUND_ROBIN}) {
      NetperfRun two = NetperfRun.cluster(kit, p, 2, s, 3_000_000_000L);
      assertEquals(
          NetperfRun.named(one.results()), NetperfRun.named(two.results()), s.configName());
      assertEquals(one.checksum, two.checksum, s.configName());
    }
    assertTrue(one.result("goodputBitsPerSec") > 0);
  }

  @Test
  void shouldRefuseAFabricThatCannotBeBuiltNamingTheParameter() {
    assertRefused("spines", "spines", "0");
    assertRefused("hostsPerLeaf", "hostsPerLeaf", "70");
    assertRefused("fault.spine9.failPs", "fault.spine9.failPs", "1000");
    assertRefused("fault.leaf0-spine1.recoverPs", "fault.leaf0-spine1.recoverPs", "5");
    assertRefused(
        "fault.spine0.recoverPs", "fault.spine0.recoverPs", "5", "fault.spine0.failPs", "10");
    assertRefused("fatTreeK", "fabric", "fat-tree", "fatTreeK", "5");
    assertRefused("incastHost", "pattern", "incast", "incastHost", "4");
  }

  private static void assertRefused(String param, String... kv) {
    ModelParameterException e =
        assertThrows(
            ModelParameterException.class,
            () -> NetperfStarModel.clusterFromParams(params(kv)),
            param);
    assertEquals(param, e.parameter(), e.getMessage());
  }
}
