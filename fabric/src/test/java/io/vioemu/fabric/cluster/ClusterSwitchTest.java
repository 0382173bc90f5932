package io.vioemu.fabric.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.ethernet.ForwardingTable;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A routed switch learning where a migrated VM's MAC went from its announcement. */
class ClusterSwitchTest {
  private static final LinkSettings LINK = LinkSettings.tenGig();
  // 2 leaves of 2 hosts, 2 spines: leaf0's ports 0, 1 face hosts 0, 1; ports 2, 3 the spines
  private static final ClusterShape SHAPE = ClusterShape.leafSpine(2, 2, 2, LINK, LINK);
  private static final long VM_MAC = StarTopologyModel.macOf(1);

  private static ClusterSwitch leaf0() {
    FaultPlan faults = FaultPlan.none(SHAPE);
    return new ClusterSwitch(0, new ClusterRoutes(faults), faults, 1 << 20, 0, 0);
  }

  private static Frame announce(long seq) {
    return new Frame(VM_MAC, Frame.BROADCAST, 46, -1, seq, null);
  }

  private static Frame toVm(long flowId) {
    return new Frame(StarTopologyModel.macOf(0), VM_MAC, 1000, flowId, 0, null);
  }

  @Test
  void shouldFloodUpAndDownWhatComesFromBelowButOnlyDownWhatComesFromAbove() {
    ClusterSwitch leaf = leaf0();
    assertTrue(leaf.floodsTo(0, 1), "host to host");
    assertTrue(leaf.floodsTo(0, 2), "host up to a spine");
    assertTrue(leaf.floodsTo(2, 0), "spine down to a host");
    assertFalse(leaf.floodsTo(2, 3), "spine to spine would loop through the tiers");
    assertFalse(leaf.floodsTo(2, 2), "never back out of its ingress");
    assertEquals(ForwardingTable.FLOOD, leaf.route(0, announce(1)));
  }

  @Test
  void shouldRouteAMovedMacOverThePortsItsAnnouncementCameInOnWhenTheVmLeftTheRack() {
    ClusterSwitch leaf = leaf0();
    // before any announcement: host 1's MAC is down port 1, as built
    assertEquals(1, leaf.route(2, toVm(7)));
    // the VM moved to the other rack: its announcement comes down from both spines
    leaf.observe(2, announce(5));
    leaf.observe(3, announce(5));
    Set<Integer> used = new TreeSet<>();
    for (long flow = 0; flow < 64; flow++) {
      int port = leaf.route(0, toVm(flow));
      assertTrue(port == 2 || port == 3, "flow " + flow + " went to port " + port);
      used.add(port);
      assertEquals(port, leaf.route(1, toVm(flow)), "one flow keeps one path");
    }
    assertEquals(Set.of(2, 3), used, "ECMP over both spines");
  }

  @Test
  void shouldPreferTheWayDownAndForgetTheOldWayWhenTheVmComesBack() {
    ClusterSwitch leaf = leaf0();
    leaf.observe(2, announce(5));
    // the same announcement also reaching it from below would mean the MAC is below: down wins
    leaf.observe(0, announce(5));
    assertEquals(0, leaf.route(2, toVm(3)));
    // a later move (another announcement) replaces what was learned
    leaf.observe(3, announce(9));
    assertEquals(3, leaf.route(0, toVm(3)));
    leaf.observe(1, announce(12));
    assertEquals(1, leaf.route(2, toVm(3)));
  }
}
