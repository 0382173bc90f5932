package io.vioemu.fabric.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vioemu.fabric.ethernet.LinkSettings;
import org.junit.jupiter.api.Test;

class ClusterRoutesTest {
  private static final LinkSettings LINK = LinkSettings.tenGig();

  @Test
  void shouldDropASpineFromTheLeafsGroupWhenItsLinkToTheDestinationLeafIsDetectedDead() {
    ClusterShape shape = ClusterShape.leafSpine(3, 3, 2, LINK, LINK);
    // the far link: spine1 can no longer reach leaf2, from 10 us on, seen 5 us later
    FaultPlan faults =
        new FaultPlan(shape, 5_000_000)
            .failLink(shape.linkNamed("leaf2-spine1").get(), 10_000_000, Long.MAX_VALUE);
    ClusterRoutes routes = new ClusterRoutes(faults);
    assertArrayEquals(new long[] {0, 15_000_000}, routes.epochStartsPs());
    int[][][] leaf0 = routes.groupsOf(0);
    // ports 2, 3, 4 face spines 0, 1, 2
    assertArrayEquals(new int[] {2, 3, 4}, leaf0[0][2]);
    assertArrayEquals(new int[] {2, 4}, leaf0[1][2]);
    assertArrayEquals(new int[] {2, 3, 4}, leaf0[1][1], "rack 1 is still reached over spine1");
    // a frame already at spine1 goes down to another leaf, one hop closer over the shortest paths
    // (routing is shortest-path, not valley-free: only frames in flight at detection take it)
    assertArrayEquals(new int[] {0, 1}, routes.groupsOf(4)[1][2]);
  }

  @Test
  void shouldRouteAroundAFailedAggregationSwitchWhenAFatTreeLosesOne() {
    ClusterShape shape = ClusterShape.fatTree(4, LINK);
    assertEquals(16, shape.hosts());
    assertEquals(20, shape.switches());
    int agg0 = shape.switchNamed("agg0").get();
    FaultPlan faults = new FaultPlan(shape, 0).failSwitch(agg0, 1_000, 2_000);
    ClusterRoutes routes = new ClusterRoutes(faults);
    int[][][] edge0 = routes.groupsOf(0);
    // edge0 (pod 0): ports 2 and 3 face agg0 and agg1; rack 7 is in pod 3
    assertArrayEquals(new int[] {2, 3}, edge0[0][7]);
    assertArrayEquals(new int[] {3}, edge0[1][7], "agg0 is down");
    assertArrayEquals(new int[] {2, 3}, edge0[2][7], "agg0 is back");
    // edge2 (pod 1) reaches pod 0's edge1 only through agg1's cores while agg0 is down
    assertArrayEquals(new int[] {3}, routes.groupsOf(2)[1][1]);
    // host to host across pods: edge, agg, core, agg, edge
    assertEquals(4, routes.hopsToRack(0, 7));
  }
}
