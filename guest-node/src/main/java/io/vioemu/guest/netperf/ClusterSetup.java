package io.vioemu.guest.netperf;

import io.vioemu.fabric.cluster.ClusterShape;
import io.vioemu.fabric.cluster.FaultPlan;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.List;
import java.util.Optional;

/**
 * What {@code netperf-cluster} adds to {@code netperf-star}, read in one place: the fabric ({@code
 * fabric}: leaf-spine or fat-tree, its size, the uplink rate, the ports a switch has), the failures
 * ({@code fault.<target>.failPs}, {@code fault.<target>.recoverPs}, {@code detectionPs}) and the
 * traffic pattern ({@link TrafficPattern}). A target is a switch ({@code spine0}) or a link ({@code
 * leaf0-spine1}, {@code host3-leaf0}), as {@link ClusterShape} names them.
 *
 * @param pairs who sends to whom (see {@link TrafficPattern})
 */
record ClusterSetup(ClusterShape shape, FaultPlan faults, List<int[]> pairs) {
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

  static final ParamSpec FABRIC =
      ParamSpec.choice(
          "fabric", "leaf-spine", List.of("leaf-spine", "fat-tree"), "The cluster's fabric.");
  static final ParamSpec LEAVES = ParamSpec.integer("leaves", 2, 1, 1 << 16, "Leaf switches.");
  static final ParamSpec SPINES = ParamSpec.integer("spines", 2, 1, 1 << 16, "Spine switches.");
  static final ParamSpec HOSTS_PER_LEAF =
      ParamSpec.integer("hostsPerLeaf", 2, 1, 1 << 16, "Hosts under each leaf (a rack).");
  static final ParamSpec SWITCH_PORTS =
      ParamSpec.integer(
          "switchPorts", DEFAULT_SWITCH_PORTS, 2, 1 << 16, "Ports of a leaf or spine switch.");
  static final ParamSpec UPLINK_RATE_BITS_PER_SEC =
      ParamSpec.integer(
              "uplinkRateBitsPerSec",
              1,
              1,
              1_000_000_000_000L,
              "Rate of each leaf-spine link (leaf-spine); below the host links' for oversubscription.")
          .computedDefault("rateBitsPerSec");
  static final ParamSpec FAT_TREE_K =
      ParamSpec.integer(
          "fatTreeK", 4, 2, 128, "k of a k-ary fat-tree: k pods, k^3/4 hosts (even).");
  static final ParamSpec DETECTION_PS =
      ParamSpec.duration(
          "detectionPs",
          DEFAULT_DETECTION_PS,
          0,
          1L << 50,
          "How long routing takes to see a failure or a recovery.");
  static final ParamSpec FAIL_PS =
      ParamSpec.duration(FAIL, 0, 0, Long.MAX_VALUE / 4, "When a switch or link fails.");
  static final ParamSpec RECOVER_PS =
      ParamSpec.duration(
              RECOVER, Long.MAX_VALUE, 1, Long.MAX_VALUE, "When a failed switch or link recovers.")
          .shownAs("never");

  /** The parameters netperf-cluster reads beyond netperf-star's (and instead of its hosts). */
  static final List<ParamSpec> PARAMETERS =
      List.of(
          FABRIC,
          LEAVES,
          SPINES,
          HOSTS_PER_LEAF,
          SWITCH_PORTS,
          UPLINK_RATE_BITS_PER_SEC,
          FAT_TREE_K,
          DETECTION_PS,
          FAIL_PS,
          RECOVER_PS,
          TrafficPattern.PATTERN,
          TrafficPattern.PATTERN_SEED,
          TrafficPattern.LOCALITY);

  static ClusterSetup read(ModelParams p, LinkSettings link) {
    String fabric = p.getChoice(FABRIC);
    ClusterShape shape;
    if (fabric.equals("fat-tree")) {
      int k = p.getInt(FAT_TREE_K);
      if (k % 2 != 0) {
        throw p.invalid(FAT_TREE_K, "fatTreeK must be even (k/2 ports down, k/2 up), was " + k);
      }
      shape = ClusterShape.fatTree(k, link);
    } else {
      shape = leafSpine(p, link);
    }
    FaultPlan faults = new FaultPlan(shape, p.getLong(DETECTION_PS));
    List<String> failing = p.namesMatching(FAIL_PS);
    for (String name : p.namesMatching(RECOVER_PS)) {
      String target = ModelParams.star(RECOVER, name);
      if (!failing.contains("fault." + target + ".failPs")) {
        throw p.invalid(name, name + ": " + target + " recovers but never fails");
      }
    }
    for (String name : failing) {
      String target = ModelParams.star(FAIL, name);
      long failPs = p.getLong(FAIL_PS, name);
      String recoverName = "fault." + target + ".recoverPs";
      long recoverPs = p.getLong(RECOVER_PS, recoverName);
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
      if (sw.isPresent()) {
        faults.failSwitch(sw.get(), failPs, recoverPs);
      } else if (l.isPresent()) {
        faults.failLink(l.get(), failPs, recoverPs);
      } else {
        throw p.invalid(
            name,
            "the fabric has no switch or link '" + target + "' (" + shape.exampleNames() + ")");
      }
    }
    return new ClusterSetup(
        shape, faults, TrafficPattern.read(p, shape.hosts(), shape.hostsPerEdge()));
  }

  private static ClusterShape leafSpine(ModelParams p, LinkSettings link) {
    int leaves = p.getInt(LEAVES);
    int spines = p.getInt(SPINES);
    int perLeaf = p.getInt(HOSTS_PER_LEAF);
    int ports = p.getInt(SWITCH_PORTS);
    if (leaves * perLeaf < 2) {
      throw p.invalid(
          HOSTS_PER_LEAF, "a cluster needs at least 2 hosts, leaves x hostsPerLeaf is 1");
    }
    if (perLeaf + spines > ports) {
      throw p.invalid(
          HOSTS_PER_LEAF,
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
          LEAVES,
          "a spine has " + ports + " ports (switchPorts), not enough for " + leaves + " leaves");
    }
    LinkSettings uplink =
        new LinkSettings(
            p.getLong(UPLINK_RATE_BITS_PER_SEC, link.rateBitsPerSec()),
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
