package io.vioemu.fabric.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Valley-free routes of a {@link ClusterShape}, per routing epoch of a {@link FaultPlan}: for every
 * switch and destination rack, the ports of its shortest up-then-down path to the rack's edge
 * switch over the links routing believes up (an ECMP group). A switch that can reach the rack going
 * only down goes down; one that cannot goes up, towards the switches that can. A path never turns
 * up again after it went down, as in a BGP data-center fabric (RFC 7938), where a spine's or core's
 * AS number would appear twice on such a path and the route is refused: a spine that lost its link
 * to a leaf has no route to that leaf, rather than a detour down through another leaf and up again.
 * In a healthy fabric these are the shortest paths. Computed once per model from the parameters, so
 * every JVM has the same tables; immutable afterwards.
 */
public final class ClusterRoutes {
  private static final short UNREACHABLE = Short.MAX_VALUE;

  private final ClusterShape shape;
  private final FaultPlan faults;
  private final long[] epochStartsPs;

  /** Each switch's tier: hops to the nearest edge switch in the fabric as built (0: edge). */
  private final int[] tier;

  /** Switches, highest tier first. */
  private final int[] topDown;

  /** [epoch][destination rack][switch]: hops going only down to the rack's edge switch. */
  private final short[][][] downHops;

  /** [epoch][destination rack][switch]: hops of the shortest up-then-down path to it. */
  private final short[][][] hops;

  public ClusterRoutes(FaultPlan faults) {
    this.shape = faults.shape();
    this.faults = faults;
    this.epochStartsPs = faults.epochStartsPs();
    this.tier = tiers(shape);
    this.topDown = byTierDescending(tier);
    this.downHops = new short[epochStartsPs.length][shape.edges()][];
    this.hops = new short[epochStartsPs.length][shape.edges()][];
    for (int e = 0; e < epochStartsPs.length; e++) {
      long view = faults.viewPs(epochStartsPs[e]);
      for (int rack = 0; rack < shape.edges(); rack++) {
        downHops[e][rack] = downHopsTo(rack, view);
        hops[e][rack] = upDownHops(downHops[e][rack], view);
      }
    }
  }

  private static int[] tiers(ClusterShape shape) {
    int[] t = new int[shape.switches()];
    Arrays.fill(t, Integer.MAX_VALUE);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int edge = 0; edge < shape.edges(); edge++) {
      t[edge] = 0;
      queue.add(edge);
    }
    while (!queue.isEmpty()) {
      int sw = queue.poll();
      for (int p = 0; p < shape.portCount(sw); p++) {
        int peer = shape.peerSwitch(sw, p);
        if (peer >= 0 && t[peer] == Integer.MAX_VALUE) {
          t[peer] = t[sw] + 1;
          queue.add(peer);
        }
      }
    }
    return t;
  }

  private static int[] byTierDescending(int[] tier) {
    return IntStream.range(0, tier.length)
        .boxed()
        .sorted((a, b) -> tier[a] != tier[b] ? Integer.compare(tier[b], tier[a]) : a - b)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Breadth-first search up from the rack's edge switch over the ports up at {@code viewPs}: the
   * switches that reach the rack going only down, and in how many hops.
   */
  private short[] downHopsTo(int rack, long viewPs) {
    short[] d = new short[shape.switches()];
    Arrays.fill(d, UNREACHABLE);
    if (!faults.switchUp(rack, viewPs)) {
      return d;
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    d[rack] = 0;
    queue.add(rack);
    while (!queue.isEmpty()) {
      int sw = queue.poll();
      for (int p = 0; p < shape.portCount(sw); p++) {
        int peer = shape.peerSwitch(sw, p);
        if (peer >= 0
            && tier[peer] > tier[sw]
            && d[peer] == UNREACHABLE
            && faults.portUp(sw, p, viewPs)) {
          d[peer] = (short) (d[sw] + 1);
          queue.add(peer);
        }
      }
    }
    return d;
  }

  /** From the top tier down: go down where a switch can, else one hop up towards the best one. */
  private short[] upDownHops(short[] down, long viewPs) {
    short[] d = down.clone();
    for (int sw : topDown) {
      if (d[sw] != UNREACHABLE) {
        continue;
      }
      for (int p = 0; p < shape.portCount(sw); p++) {
        int peer = shape.peerSwitch(sw, p);
        if (peer >= 0
            && tier[peer] > tier[sw]
            && d[peer] != UNREACHABLE
            && faults.portUp(sw, p, viewPs)) {
          d[sw] = (short) Math.min(d[sw], d[peer] + 1);
        }
      }
    }
    return d;
  }

  public long[] epochStartsPs() {
    return epochStartsPs.clone();
  }

  /**
   * Switch {@code sw}'s ECMP groups: [epoch][destination rack] the ports one hop closer to the rack
   * on a valley-free path, in port order (empty: the rack is the switch's own, or the switch has no
   * valley-free path to it).
   */
  public int[][][] groupsOf(int sw) {
    int[][][] out = new int[epochStartsPs.length][shape.edges()][];
    for (int e = 0; e < epochStartsPs.length; e++) {
      long view = faults.viewPs(epochStartsPs[e]);
      for (int rack = 0; rack < shape.edges(); rack++) {
        // down where the switch can reach the rack going down, else up: never down, then up
        boolean goDown = downHops[e][rack][sw] != UNREACHABLE;
        short[] d = goDown ? downHops[e][rack] : hops[e][rack];
        List<Integer> ports = new ArrayList<>();
        if (d[sw] != UNREACHABLE && d[sw] > 0) {
          for (int p = 0; p < shape.portCount(sw); p++) {
            int peer = shape.peerSwitch(sw, p);
            if (peer >= 0
                && (tier[peer] < tier[sw]) == goDown
                && tier[peer] != tier[sw]
                && d[peer] == d[sw] - 1
                && faults.portUp(sw, p, view)) {
              ports.add(p);
            }
          }
        }
        out[e][rack] = ports.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return out;
  }

  /** Switch {@code sw}'s tier: 0 for an edge (leaf), 1 above it (spine, aggregation), and so on. */
  public int tierOf(int sw) {
    return tier[sw];
  }

  /** Hops from switch {@code sw} to rack {@code rack}'s edge switch in epoch 0 (no failure). */
  public int hopsToRack(int sw, int rack) {
    return hops[0][rack][sw];
  }
}
