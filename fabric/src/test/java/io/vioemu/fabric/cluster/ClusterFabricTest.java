package io.vioemu.fabric.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.HostFactory;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.InJvmRun;
import io.vioemu.fabric.kernel.Placement;
import io.vioemu.fabric.kernel.PlacementStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.IntUnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterFabricTest {
  private static final long TEN_G = 10_000_000_000L;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("cluster", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static LinkSettings link(long rate, long propagationPs) {
    return new LinkSettings(rate, propagationPs, 1500);
  }

  /** Hosts that stream {@code flows} flows of {@code payload} bytes to {@code dst}, or ping. */
  private static ClusterFabricModel model(
      FaultPlan faults, int payload, int flows, IntUnaryOperator dst, int pinger) {
    HostFactory hosts =
        (host, mac, flow, l, uplink) -> new ProbeHost(mac, flow, l, uplink, host == pinger);
    return new ClusterFabricModel(
        faults,
        512 * 1024,
        500_000,
        0,
        hosts,
        new TrafficSpec(0, payload, 0, Long.MAX_VALUE, flows),
        dst);
  }

  private static InJvmRun.Outcome run(ClusterFabricModel m, long endPs) {
    InJvmRun.Outcome o = InJvmRun.run(kit, m, 1, 7, endPs);
    assertNull(o.failure(), o.failure());
    return o;
  }

  private static long sum(InJvmRun.Outcome o, int from, int to, String name) {
    long s = 0;
    for (int e = from; e < to; e++) {
      s += o.metrics().get(e).getOrDefault(name, 0L);
    }
    return s;
  }

  @Test
  void shouldTakeSerializationPropagationAndSwitchLatenciesAsCrossRackRttWhenIdle() {
    // host links 10 Gb/s with 1 us of propagation; uplinks 40 Gb/s with 2 us; 500 ns per switch
    ClusterShape shape =
        ClusterShape.leafSpine(2, 2, 2, link(TEN_G, 1_000_000), link(4 * TEN_G, 2_000_000));
    ClusterFabricModel m = model(FaultPlan.none(shape), 100, 1, h -> h == 0 ? 2 : -1, 0);
    InJvmRun.Outcome o = run(m, 100_000_000);
    // a 100-byte payload is 100 + 14 + 4 + 8 = 126 bytes to its last bit: 100,800 ps at 10 Gb/s,
    // 25,200 ps at 40 Gb/s. One way: host-leaf, leaf-spine, spine-leaf, leaf-host, three switches.
    long oneWayPs = 2 * (100_800 + 1_000_000) + 2 * (25_200 + 2_000_000) + 3 * 500_000;
    assertEquals(2 * oneWayPs, o.metrics().get(0).get("rttPs"));
  }

  @Test
  void shouldCapCrossRackGoodputAtUplinkCapacityWhenOversubscribedFourToOne() {
    // four 10 Gb/s hosts per leaf, one spine, one 10 Gb/s uplink: 4:1
    ClusterShape shape = ClusterShape.leafSpine(2, 1, 4, link(TEN_G, 1_000_000), link(TEN_G, 0));
    ClusterFabricModel m = model(FaultPlan.none(shape), 1500, 1, h -> h < 4 ? h + 4 : -1, -1);
    long endPs = 4_000_000_000L;
    InJvmRun.Outcome o = run(m, endPs);
    long bytes = sum(o, 4, 8, "rxPayloadBytes");
    long firstRx = o.metrics().get(4).get("firstRxPs");
    double rate = bytes * 8e12 / (endPs - firstRx);
    // the uplink carries one 1500-byte payload per 1538 wire bytes: 9.753 Gb/s of payload
    double capacity = TEN_G * 1500.0 / 1538;
    assertTrue(Math.abs(rate / capacity - 1) < 0.01, "cross-rack payload rate " + rate);
    assertTrue(sum(o, 8, 9, "port4.drops") > 0, "the uplink's queue must overflow");
  }

  @Test
  void shouldSpreadFlowsOverSpinesAndKeepEachOnOnePathWhenHostsOpenMany() {
    ClusterShape shape = ClusterShape.leafSpine(2, 8, 4, link(TEN_G, 1_000_000), link(TEN_G, 0));
    ClusterFabricModel m = model(FaultPlan.none(shape), 200, 64, h -> h < 4 ? h + 4 : -1, -1);
    InJvmRun.Outcome o = run(m, 2_000_000_000L);
    long[] perSpine = new long[8];
    for (int s = 0; s < 8; s++) {
      perSpine[s] = o.metrics().get(shape.switchEntity(2 + s)).get("port1.txFrames");
    }
    long total = Arrays.stream(perSpine).sum();
    // 256 flows of equal frame counts over 8 spines: flows per spine ~ Binomial(256, 1/8), mean 32,
    // standard deviation 5.3; within +-50% (three standard deviations) of the mean
    for (long f : perSpine) {
      double share = f * 8.0 / total;
      assertTrue(share > 0.5 && share < 1.5, "uneven ECMP split " + Arrays.toString(perSpine));
    }
    assertEquals(0, sum(o, 4, 8, "reordered"), "a flow was reordered");
  }

  @Test
  void shouldPinEachFlowToOnePortWhenRoutedAgainAndAgain() {
    ClusterShape shape = ClusterShape.leafSpine(2, 4, 2, link(TEN_G, 0), link(TEN_G, 0));
    FaultPlan faults = FaultPlan.none(shape);
    ClusterSwitch leaf = new ClusterSwitch(0, new ClusterRoutes(faults), faults, 1 << 20, 0, 0);
    Set<Integer> used = new HashSet<>();
    for (long flow = 0; flow < 1000; flow++) {
      Frame f =
          new Frame(StarTopologyModel.macOf(0), StarTopologyModel.macOf(3), 100, flow, 0, null);
      int port = leaf.route(0, f);
      for (int again = 0; again < 5; again++) {
        Frame next = new Frame(f.srcMac(), f.dstMac(), 1400, flow, again + 1, null);
        assertEquals(port, leaf.route(1, next), "flow " + flow + " moved");
      }
      used.add(port);
    }
    assertEquals(Set.of(2, 3, 4, 5), used);
  }

  @Test
  void shouldLoseFramesOnlyUntilTheFailureIsDetectedWhenASpineFails() {
    ClusterShape shape = ClusterShape.leafSpine(2, 2, 2, link(TEN_G, 1_000_000), link(TEN_G, 0));
    long failPs = 1_000_000_000L;
    long detectPs = 100_000_000L;
    InJvmRun.Outcome early = null;
    // the uplink queue towards the dead spine (up to 512 KiB, 0.43 ms at 10 Gb/s) drains into the
    // dead link after detection too; both runs end after it has
    for (long endPs : new long[] {2_000_000_000L, 3_000_000_000L}) {
      FaultPlan faults =
          new FaultPlan(shape, detectPs)
              .failSwitch(shape.switchNamed("spine0").get(), failPs, Long.MAX_VALUE);
      ClusterFabricModel m = model(faults, 1000, 16, h -> h < 2 ? h + 2 : -1, -1);
      InJvmRun.Outcome o = run(m, endPs);
      long lost = sum(o, shape.hosts(), m.entityCount(), "lostFrames");
      // two hosts at 10 Gb/s send 1038-byte wire frames: 2 * 100 us / 830.4 ns = 240 frames in
      // the detection delay, some of which hash onto spine 1 and are not lost
      assertTrue(lost > 0 && lost <= 241 + 2 * 512 * 1024 / 1018, "lost " + lost);
      assertTrue(o.metrics().get(2).get("lastRxPs") > endPs - 10_000_000, "host 2 starved");
      if (early != null) {
        long before = sum(early, shape.hosts(), m.entityCount(), "lostFrames");
        assertEquals(before, lost, "frames lost after the failure was detected");
      }
      early = o;
      assertEquals(0, sum(o, 0, shape.hosts(), "reordered"));
    }
  }

  @Test
  void shouldGiveIdenticalResultsWhenRacksAreSpreadOrDealtOverPartitions() {
    ClusterShape shape = ClusterShape.leafSpine(4, 2, 2, link(TEN_G, 1_000_000), link(TEN_G, 0));
    IntUnaryOperator dst = h -> (h + 3) % 8;
    List<InJvmRun.Outcome> outcomes = new ArrayList<>();
    for (PlacementStrategy s :
        List.of(
            PlacementStrategy.CONTIGUOUS,
            PlacementStrategy.BY_RACK,
            PlacementStrategy.ROUND_ROBIN)) {
      for (int partitions : new int[] {1, 3}) {
        FaultPlan faults =
            new FaultPlan(shape, 20_000_000L)
                .failLink(shape.linkNamed("leaf1-spine0").get(), 100_000_000L, 300_000_000L);
        ClusterFabricModel m = model(faults, 700, 4, dst, -1);
        outcomes.add(InJvmRun.run(kit, m, partitions, s, 3, 600_000_000L));
      }
    }
    assertNull(outcomes.get(0).failure(), outcomes.get(0).failure());
    assertTrue(sum(outcomes.get(0), 8, 14, "lostFrames") > 0);
    for (InJvmRun.Outcome o : outcomes) {
      assertEquals(outcomes.get(0), o);
    }
  }

  @Test
  void shouldKeepEachRackInOnePartitionWhenPlacedByRack() {
    ClusterShape shape = ClusterShape.leafSpine(4, 2, 3, link(TEN_G, 0), link(TEN_G, 0));
    ClusterFabricModel m = model(FaultPlan.none(shape), 100, 1, h -> -1, -1);
    Placement placed = Placement.of(m, 2, PlacementStrategy.BY_RACK);
    int[] owner = new int[m.entityCount()];
    Arrays.setAll(owner, placed::ownerOf);
    for (int e = 0; e < m.entityCount(); e++) {
      int rack = m.rackOfEntity(e);
      if (rack >= 0) {
        assertEquals(owner[rack * 3], owner[e], "entity " + e + " left rack " + rack);
      }
    }
    assertTrue(Arrays.stream(owner).anyMatch(p -> p == 1));
  }

  @Test
  void shouldGetCloseToLineRatePerHostWhenAPermutationCrossesAFatTree() {
    // k = 4: 16 hosts, 4 pods; host h sends to h + 4 (the next pod), one flow each
    ClusterShape shape = ClusterShape.fatTree(4, link(TEN_G, 500_000));
    ClusterFabricModel m = model(FaultPlan.none(shape), 1500, 1, h -> (h + 4) % 16, -1);
    long endPs = 2_000_000_000L;
    InJvmRun.Outcome o = run(m, endPs);
    double lineRate = TEN_G * 1500.0 / 1538;
    double[] share = new double[16];
    for (int h = 0; h < 16; h++) {
      SortedMap<String, Long> rx = o.metrics().get(h);
      share[h] = rx.get("rxPayloadBytes") * 8e12 / (endPs - rx.get("firstRxPs")) / lineRate;
    }
    double mean = Arrays.stream(share).average().orElse(0);
    System.out.println(
        "fat-tree permutation, share of line rate per host: " + Arrays.toString(share));
    // Non-blocking, so only ECMP hash collisions (two flows hashed onto one agg-core or core-agg
    // link) cost rate: a flow that shares a link gets half of it. Expected share with random
    // hashing over the k/2 = 2 choices at two tiers is well above 1/2.
    assertTrue(mean > 0.5, "mean share " + mean);
    assertEquals(0, sum(o, 0, 16, "reordered"));
  }
}
