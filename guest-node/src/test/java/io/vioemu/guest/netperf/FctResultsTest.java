package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vioemu.fabric.cluster.ClusterShape;
import io.vioemu.fabric.ethernet.LinkSettings;
import org.junit.jupiter.api.Test;

/** The ideal FCT of a path and the percentiles' ranks, by hand. */
class FctResultsTest {
  private static final LinkSettings TEN_GIG = new LinkSettings(10_000_000_000L, 500_000, 1500);

  @Test
  void shouldCountTheSwitchesOfTheShortestPathWhenHostsSitInARackAPodOrApart() {
    // k = 4: 2 hosts per edge, 2 edges per pod
    ClusterShape tree = ClusterShape.fatTree(4, TEN_GIG);
    assertEquals(1, FctResults.switchesBetween(tree, 0, 1)); // one edge
    assertEquals(3, FctResults.switchesBetween(tree, 0, 2)); // edge, agg, edge (pod 0)
    assertEquals(5, FctResults.switchesBetween(tree, 0, 4)); // through a core (pod 1)
    ClusterShape leafSpine = ClusterShape.leafSpine(2, 2, 2, TEN_GIG, TEN_GIG);
    assertEquals(1, FctResults.switchesBetween(leafSpine, 0, 1));
    assertEquals(3, FctResults.switchesBetween(leafSpine, 0, 2));
  }

  @Test
  void shouldTakeTheUplinkAsBottleneckWhenItIsSlowerThanTheHostLinks() {
    // 1 Gb/s uplinks: 125,000 bytes take 1 ms there; 4 links x 0.5 us + 3 switches x 0.2 us
    ClusterShape slowUp =
        ClusterShape.leafSpine(2, 1, 2, TEN_GIG, new LinkSettings(1_000_000_000L, 500_000, 1500));
    assertEquals(
        1_000_000_000L + 2_000_000 + 600_000, FctResults.idealPs(slowUp, 200_000, 0, 2, 125_000));
    // in a rack the uplink is not on the path: 100 us at 10 Gb/s + 2 links + 1 switch
    assertEquals(
        100_000_000L + 1_000_000 + 200_000, FctResults.idealPs(slowUp, 200_000, 0, 1, 125_000));
  }

  @Test
  void shouldPickTheNearestRankWhenAskedForAPercentile() {
    assertEquals(0, FctResults.rank(1, 999)); // one value is every percentile
    assertEquals(49, FctResults.rank(100, 500)); // the 50th of 100
    assertEquals(98, FctResults.rank(100, 990)); // the 99th
    assertEquals(99, FctResults.rank(100, 999)); // ceil(99.9) = the 100th
    assertEquals(998, FctResults.rank(1000, 999));
  }
}
