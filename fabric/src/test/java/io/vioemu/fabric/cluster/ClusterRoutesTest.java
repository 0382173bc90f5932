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
    // spine1 has no route to leaf2 once it knows: the shortest detour, down to another leaf and up
    // again to another spine, is a valley that a data-center fabric's routing refuses
    assertArrayEquals(new int[] {}, routes.groupsOf(4)[1][2]);
    assertArrayEquals(new int[] {2}, routes.groupsOf(4)[0][2], "before detection it still has one");
  }

  @Test
  void shouldLeaveAnAggregationSwitchWithoutRouteWhenItLosesItsLinkDownToTheDestinationEdge() {
    ClusterShape shape = ClusterShape.fatTree(4, LINK);
    int agg0 = shape.switchNamed("agg0").get();
    FaultPlan faults =
        new FaultPlan(shape, 0).failLink(shape.linkNamed("edge1-agg0").get(), 1_000, 2_000);
    ClusterRoutes routes = new ClusterRoutes(faults);
    // agg0's ports 0, 1 face edge0, edge1; 2, 3 face core0, core1
    assertArrayEquals(new int[] {1}, routes.groupsOf(agg0)[0][1]);
    // core0 and core1 meet pod 0 only at agg0: up from agg0 would have to come down through agg0
    // again, so agg0 has no route to edge1 (shortest-path routing would bounce off edge0 and agg1)
    assertArrayEquals(new int[] {}, routes.groupsOf(agg0)[1][1]);
    assertArrayEquals(new int[] {1}, routes.groupsOf(agg0)[2][1], "the link is back");
    // edge0 in the same pod goes only through agg1 (port 3): 2 hops, not 4 through agg0
    assertArrayEquals(new int[] {3}, routes.groupsOf(0)[1][1]);
    // core0 reaches pod 0 only through agg0, which now turns up again: no route from core0
    int core0 = shape.switchNamed("core0").get();
    assertArrayEquals(new int[] {}, routes.groupsOf(core0)[1][1]);
    // so a pod-1 edge avoids agg2, whose cores 0 and 1 lead only to agg0
    assertArrayEquals(new int[] {3}, routes.groupsOf(2)[1][1]);
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
