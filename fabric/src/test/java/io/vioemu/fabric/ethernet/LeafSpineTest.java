package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.InJvmRun;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LeafSpineTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "leaf-spine", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static LeafSpineModel fabric(Map<String, String> extra) {
    Map<String, String> p =
        new HashMap<>(Map.of("leaves", "2", "spines", "4", "hostsPerLeaf", "2"));
    p.putAll(extra);
    return (LeafSpineModel) new LeafSpineModel.Factory().create(p);
  }

  /** Frames each spine forwarded, summed over its ports. */
  private static long[] spineFrames(LeafSpineModel m, InJvmRun.Outcome o, int spines, int leaves) {
    long[] out = new long[spines];
    for (int s = 0; s < spines; s++) {
      SortedMap<String, Long> sw = o.metrics().get(m.spineEntity(s));
      for (int l = 0; l < leaves; l++) {
        out[s] += sw.get("port" + l + ".txFrames");
      }
    }
    return out;
  }

  @Test
  void shouldKeepEachFlowOnTheSpineItsHashPicksWhenHostsSendOneFlowEach() {
    // Two hosts, one per leaf, four spines: flow 0->1 and flow 1->0, one flow each.
    LeafSpineModel m = fabric(Map.of("hostsPerLeaf", "1", "payloadBytes", "1000"));
    InJvmRun.Outcome o = InJvmRun.run(kit, m, 1, 1, 50_000_000);
    assertNull(o.failure(), o.failure());
    for (int src = 0; src < 2; src++) {
      int dstLeaf = 1 - src;
      long flow = StarTopologyModel.macOf(src) << 16;
      int expected = LeafSpineRoutes.leaf(src, 1, 4, mac -> -1).uplinkOf(flow);
      for (int s = 0; s < 4; s++) {
        long frames = o.metrics().get(m.spineEntity(s)).get("port" + dstLeaf + ".txFrames");
        if (s == expected) {
          assertTrue(
              frames > 40, "flow from host " + src + " should use spine " + s + ": " + frames);
        } else {
          assertEquals(0, frames, "flow from host " + src + " leaked onto spine " + s);
        }
      }
    }
  }

  @Test
  void shouldSpreadFlowsOverAllSpinesWhenAHostOpensMany() {
    LeafSpineModel m = fabric(Map.of("flowsPerHost", "256", "payloadBytes", "200"));
    InJvmRun.Outcome o = InJvmRun.run(kit, m, 1, 1, 50_000_000);
    assertNull(o.failure(), o.failure());
    long[] perSpine = spineFrames(m, o, 4, 2);
    long total = Arrays.stream(perSpine).sum();
    for (long f : perSpine) {
      double share = (double) f / total;
      assertTrue(share > 0.15 && share < 0.35, "uneven ECMP split " + Arrays.toString(perSpine));
    }
  }

  @Test
  void shouldDeliverAtLineRateAcrossThreeHopsWhenUncongested() {
    LeafSpineModel m = fabric(Map.of("spines", "2", "hostsPerLeaf", "1", "payloadBytes", "1500"));
    InJvmRun.Outcome o = InJvmRun.run(kit, m, 1, 1, 100_000_000);
    SortedMap<String, Long> rx = o.metrics().get(1);
    assertEquals(1_230_400, (rx.get("lastRxPs") - rx.get("firstRxPs")) / (rx.get("rxFrames") - 1));
    // host -> leaf -> spine -> leaf -> host: four links, three store-and-forward switches
    assertEquals(4 * (1526 * 800 + 1_000_000) + 3 * 500_000, rx.get("firstRxPs"));
  }

  @Test
  void shouldGiveSameResultsWhenSwitchesAndHostsAreSpreadOverPartitions() {
    Map<String, String> p =
        Map.of("flowsPerHost", "8", "payloadBytes", "600", "switchBufferBytes", "6000");
    InJvmRun.Outcome one = InJvmRun.run(kit, fabric(p), 1, 9, 30_000_000);
    InJvmRun.Outcome three = InJvmRun.run(kit, fabric(p), 3, 9, 30_000_000);
    assertNull(one.failure(), one.failure());
    assertEquals(one, three);
  }
}
