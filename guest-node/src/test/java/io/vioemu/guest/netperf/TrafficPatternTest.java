package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficPatternTest {
  private static List<int[]> pairs(int hosts, int perRack, String... kv) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    List<ParamSpec> known =
        List.of(
            TrafficPattern.PATTERN,
            TrafficPattern.LOCALITY,
            TrafficPattern.PATTERN_SEED,
            TrafficPattern.SENDERS,
            TrafficPattern.INCAST_HOST);
    return TrafficPattern.read(new ModelParams("test", p, known), hosts, perRack);
  }

  @Test
  void shouldSendEveryHostToOneOtherRackAndReceiveOnceWhenPermutationIsCrossRack() {
    for (long seed = 1; seed <= 20; seed++) {
      List<int[]> out =
          pairs(
              32, 4, "pattern", "permutation", "locality", "cross-rack", "patternSeed", "" + seed);
      assertEquals(32, out.size());
      Set<Integer> receivers = new HashSet<>();
      for (int[] pair : out) {
        assertNotEquals(pair[0] / 4, pair[1] / 4, "seed " + seed + ": same rack");
        receivers.add(pair[1]);
      }
      assertEquals(32, receivers.size(), "seed " + seed + ": not a permutation");
    }
  }

  @Test
  void shouldNeverSendAHostToItselfWhenPermutationIsRandom() {
    for (long seed = 1; seed <= 50; seed++) {
      List<int[]> out = pairs(16, 4, "pattern", "permutation", "patternSeed", "" + seed);
      Set<Integer> receivers = new HashSet<>();
      for (int[] pair : out) {
        assertNotEquals(pair[0], pair[1], "seed " + seed);
        receivers.add(pair[1]);
      }
      assertEquals(16, receivers.size(), "seed " + seed);
    }
    assertNotEquals(
        destinations(pairs(16, 4, "pattern", "permutation", "patternSeed", "1")),
        destinations(pairs(16, 4, "pattern", "permutation", "patternSeed", "2")),
        "two seeds, one permutation");
  }

  private static List<Integer> destinations(List<int[]> pairs) {
    return pairs.stream().map(p -> p[1]).toList();
  }

  @Test
  void shouldCountEveryOrderedPairWhenAllToAllIsRackLocalOrCrossRack() {
    assertEquals(16 * 15, pairs(16, 4, "pattern", "all-to-all").size());
    assertEquals(4 * 4 * 3, pairs(16, 4, "pattern", "all-to-all", "locality", "rack-local").size());
    assertEquals(16 * 12, pairs(16, 4, "pattern", "all-to-all", "locality", "cross-rack").size());
  }

  @Test
  void shouldSendNHostsOfOtherRacksToTheTargetWhenIncastIsCrossRack() {
    List<int[]> out =
        pairs(
            16,
            4,
            "pattern",
            "incast",
            "locality",
            "cross-rack",
            "incastHost",
            "5",
            "senders",
            "8");
    assertEquals(8, out.size());
    for (int[] pair : out) {
      assertEquals(5, pair[1]);
      assertTrue(pair[0] / 4 != 1, "sender " + pair[0] + " in the target's rack");
    }
  }
}
