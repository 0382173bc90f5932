package io.vioemu.fabric.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shortest-path routes of a {@link ClusterShape}, per routing epoch of a {@link FaultPlan}: for
 * every switch and destination rack, the ports that lead one hop closer to the rack's edge switch
 * over the links routing believes up (an ECMP group). Computed once per model from the parameters,
 * so every JVM has the same tables; immutable afterwards.
 */
public final class ClusterRoutes {
  private static final short UNREACHABLE = Short.MAX_VALUE;

  private final ClusterShape shape;
  private final FaultPlan faults;
  private final long[] epochStartsPs;

  /** [epoch][destination rack][switch]: hops from the switch to the rack's edge switch. */
  private final short[][][] hops;

  public ClusterRoutes(FaultPlan faults) {
    this.shape = faults.shape();
    this.faults = faults;
    this.epochStartsPs = faults.epochStartsPs();
    this.hops = new short[epochStartsPs.length][shape.edges()][];
    for (int e = 0; e < epochStartsPs.length; e++) {
      long view = faults.viewPs(epochStartsPs[e]);
      for (int rack = 0; rack < shape.edges(); rack++) {
        hops[e][rack] = distancesTo(rack, view);
      }
    }
  }

  /** Breadth-first search from the rack's edge switch over the ports up at {@code viewPs}. */
  private short[] distancesTo(int rack, long viewPs) {
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
        if (peer >= 0 && d[peer] == UNREACHABLE && faults.portUp(sw, p, viewPs)) {
          d[peer] = (short) (d[sw] + 1);
          queue.add(peer);
        }
      }
    }
    return d;
  }

  public long[] epochStartsPs() {
    return epochStartsPs.clone();
  }

  /**
   * Switch {@code sw}'s ECMP groups: [epoch][destination rack] the ports one hop closer to the
   * rack, in port order (empty: the rack is the switch's own, or unreachable).
   */
  public int[][][] groupsOf(int sw) {
    int[][][] out = new int[epochStartsPs.length][shape.edges()][];
    for (int e = 0; e < epochStartsPs.length; e++) {
      long view = faults.viewPs(epochStartsPs[e]);
      for (int rack = 0; rack < shape.edges(); rack++) {
        short[] d = hops[e][rack];
        List<Integer> ports = new ArrayList<>();
        if (d[sw] != UNREACHABLE && d[sw] > 0) {
          for (int p = 0; p < shape.portCount(sw); p++) {
            int peer = shape.peerSwitch(sw, p);
            if (peer >= 0 && d[peer] == d[sw] - 1 && faults.portUp(sw, p, view)) {
              ports.add(p);
            }
          }
        }
        out[e][rack] = ports.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return out;
  }

  /** Hops from switch {@code sw} to rack {@code rack}'s edge switch in epoch 0 (no failure). */
  public int hopsToRack(int sw, int rack) {
    return hops[0][rack][sw];
  }
}
