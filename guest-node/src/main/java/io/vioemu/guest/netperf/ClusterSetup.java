package io.vioemu.guest.netperf;

import io.vioemu.fabric.cluster.ClusterShape;
import io.vioemu.fabric.cluster.FaultPlan;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.kernel.ModelParams;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@code netperf-cluster} adds to {@code netperf-star}, read in one place: the fabric ({@code
 * fabric}: leaf-spine or fat-tree, its size, the uplink rate, the ports a switch has), the failures
 * ({@code fault.<target>.failPs}, {@code fault.<target>.recoverPs}, {@code detectionPs}) and the
 * traffic pattern ({@link TrafficPattern}). A target is a switch ({@code spine0}) or a link ({@code
 * leaf0-spine1}, {@code host3-leaf0}), as {@link ClusterShape} names them, or a host ({@code
 * host3}): it crashes (it and its VMs stop handling anything, its link carries nothing) and does
 * not recover.
 *
 * @param crashPs when each host crashes (MAX_VALUE: never)
 * @param pairs who sends to whom (see {@link TrafficPattern})
 */
record ClusterSetup(ClusterShape shape, FaultPlan faults, List<int[]> pairs, long[] crashPs) {
  static final String FAIL = "fault.*.failPs";
  static final String RECOVER = "fault.*.recoverPs";

  /**
   * How long routing takes to notice a failure or recovery, by default: an assumption, not a
   * measurement. Loss of light is seen in microseconds and a local fast-reroute acts in under a
   * millisecond, while BFD timers with a routing update take tens to hundreds of milliseconds; 1 ms
   * sits at the fast end so that short runs show the whole cycle. Set it per experiment.
   */
  static final long DEFAULT_DETECTION_PS = 1_000_000_000L;

  /** Ports of a leaf or spine by default: a 64-port switch (e.g. 64 x 100 GbE in one ASIC). */
  static final int DEFAULT_SWITCH_PORTS = 64;

  /** The parameters netperf-cluster reads beyond netperf-star's (and instead of its hosts). */
  static final List<String> PARAMS =
      List.of(
          "fabric",
          "leaves",
          "spines",
          "hostsPerLeaf",
          "switchPorts",
          "uplinkRateBitsPerSec",
          "fatTreeK",
          "detectionPs",
          FAIL,
          RECOVER,
          "pattern",
          "patternSeed",
          "locality");

  static ClusterSetup read(ModelParams p, LinkSettings link) {
    String fabric = p.getChoice("fabric", "leaf-spine", List.of("leaf-spine", "fat-tree"));
    ClusterShape shape;
    if (fabric.equals("fat-tree")) {
      int k = p.getInt("fatTreeK", 4, 2, 128);
      if (k % 2 != 0) {
        throw p.invalid("fatTreeK", "fatTreeK must be even (k/2 ports down, k/2 up), was " + k);
      }
      shape = ClusterShape.fatTree(k, link);
    } else {
      shape = leafSpine(p, link);
    }
    FaultPlan faults =
        new FaultPlan(shape, p.getLong("detectionPs", DEFAULT_DETECTION_PS, 0, 1L << 50));
    long[] crashPs = new long[shape.hosts()];
    Arrays.fill(crashPs, Long.MAX_VALUE);
    for (String name : p.namesMatching(RECOVER)) {
      String target = ModelParams.star(RECOVER, name);
      if (shape.hostNamed(target).isPresent()) {
        throw p.invalid(
            name,
            name
                + ": a crashed host does not come back (its VMs stopped, its connections are"
                + " gone); recover applies to switches and links");
      }
      if (!p.has("fault." + target + ".failPs")) {
        throw p.invalid(name, name + ": " + target + " recovers but never fails");
      }
    }
    for (String name : p.namesMatching(FAIL)) {
      String target = ModelParams.star(FAIL, name);
      long failPs = p.getLong(name, 0, 0, Long.MAX_VALUE / 4);
      String recoverName = "fault." + target + ".recoverPs";
      long recoverPs = p.getLong(recoverName, Long.MAX_VALUE, 1, Long.MAX_VALUE);
      if (recoverPs <= failPs) {
        throw p.invalid(
            recoverName,
            target
                + " would recover at "
                + recoverPs
                + " ps, not after it fails at "
                + failPs
                + " ps");
      }
      Optional<Integer> sw = shape.switchNamed(target);
      Optional<Integer> l = shape.linkNamed(target);
      Optional<Integer> host = shape.hostNamed(target);
      if (host.isPresent()) {
        // a crash: the host stops, and its link carries nothing from then on
        crashPs[host.get()] = failPs;
        faults.failLink(shape.hostLinkId(host.get()), failPs, Long.MAX_VALUE);
      } else if (sw.isPresent()) {
        faults.failSwitch(sw.get(), failPs, recoverPs);
      } else if (l.isPresent()) {
        faults.failLink(l.get(), failPs, recoverPs);
      } else {
        throw p.invalid(
            name,
            "the fabric has no host, switch or link '"
                + target
                + "' ("
                + shape.exampleNames()
                + ")");
      }
    }
    return new ClusterSetup(
        shape, faults, TrafficPattern.read(p, shape.hosts(), shape.hostsPerEdge()), crashPs);
  }

  private static ClusterShape leafSpine(ModelParams p, LinkSettings link) {
    int leaves = p.getInt("leaves", 2, 1, 1 << 16);
    int spines = p.getInt("spines", 2, 1, 1 << 16);
    int perLeaf = p.getInt("hostsPerLeaf", 2, 1, 1 << 16);
    int ports = p.getInt("switchPorts", DEFAULT_SWITCH_PORTS, 2, 1 << 16);
    if (leaves * perLeaf < 2) {
      throw p.invalid(
          "hostsPerLeaf", "a cluster needs at least 2 hosts, leaves x hostsPerLeaf is 1");
    }
    if (perLeaf + spines > ports) {
      throw p.invalid(
          "hostsPerLeaf",
          "a leaf has "
              + ports
              + " ports (switchPorts), not enough for "
              + perLeaf
              + " hosts and "
              + spines
              + " spines");
    }
    if (leaves > ports) {
      throw p.invalid(
          "leaves",
          "a spine has " + ports + " ports (switchPorts), not enough for " + leaves + " leaves");
    }
    LinkSettings uplink =
        new LinkSettings(
            p.getLong("uplinkRateBitsPerSec", link.rateBitsPerSec(), 1, 1_000_000_000_000L),
            link.propagationPs(),
            link.mtuBytes());
    return ClusterShape.leafSpine(leaves, spines, perLeaf, link, uplink);
  }

  /** Hosts' downlink capacity over the uplinks' of a leaf (leaf-spine), e.g. 4 for 4:1. */
  double oversubscription() {
    if (shape.kind() != ClusterShape.Kind.LEAF_SPINE) {
      return 1;
    }
    int up = shape.hostsPerEdge();
    double down = shape.hostsPerEdge() * (double) shape.link(0, 0).rateBitsPerSec();
    double upCapacity = (shape.portCount(0) - up) * (double) shape.link(0, up).rateBitsPerSec();
    return down / upCapacity;
  }
}
