package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.Mix;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who sends to whom in a cluster: a list of (client host, server host) pairs, each carrying {@code
 * flowsPerHost} flows, the pair at index i has flows {@code i * flowsPerHost + j}. Hosts sit in
 * racks of {@code hostsPerRack} consecutive ids. {@code locality} keeps pairs inside racks ({@code
 * rack-local}), across them ({@code cross-rack}) or either ({@code any}).
 *
 * <ul>
 *   <li>{@code pairs}: every host sends to one partner: cross-rack (and any) the host at the same
 *       position of the next rack, rack-local the next host of its own rack;
 *   <li>{@code permutation}: every host sends to one host and receives from one, a random
 *       derangement seeded by {@code patternSeed} (Sattolo's algorithm: one cycle, no host sends to
 *       itself); cross-rack maps whole racks onto other racks (a random cycle of racks) with the
 *       positions shuffled; rack-local a random cycle inside each rack;
 *   <li>{@code all-to-all}: every host to every other host the locality allows;
 *   <li>{@code incast}: {@code senders} hosts to {@code incastHost} (N:1), the hosts after it in id
 *       order that the locality allows.
 * </ul>
 */
final class TrafficPattern {
  static final List<String> PATTERNS = List.of("pairs", "permutation", "all-to-all", "incast");
  static final List<String> LOCALITIES = List.of("any", "cross-rack", "rack-local");

  static final ParamSpec PATTERN =
      ParamSpec.choice("pattern", "pairs", PATTERNS, "Who sends to whom in netperf-cluster.");
  static final ParamSpec LOCALITY =
      ParamSpec.choice(
          "locality", "any", LOCALITIES, "Which peers a pattern may pick: any, other racks, own.");
  static final ParamSpec PATTERN_SEED =
      ParamSpec.integer(
          "patternSeed", 1, 0, Long.MAX_VALUE, "The seed of the random permutation pattern.");

  /** netperf-cluster's incast target: host 0 unless set (netperf-star's has none by default). */
  static final ParamSpec INCAST_HOST =
      ParamSpec.integer("incastHost", 0, 0, 1 << 20, "The host an incast pattern sends to.");

  /** netperf-cluster's incast senders: every host the locality allows unless set. */
  static final ParamSpec SENDERS =
      ParamSpec.integer("senders", 1, 1, Integer.MAX_VALUE, "Hosts that send to the incast host.")
          .computedDefault("every host the locality allows");

  private TrafficPattern() {}

  /** The pairs the parameters ask for; every impossible combination fails naming a parameter. */
  static List<int[]> read(ModelParams p, int hosts, int hostsPerRack) {
    String pattern = p.getChoice(PATTERN);
    String locality = p.getChoice(LOCALITY);
    int racks = hosts / hostsPerRack;
    if (locality.equals("cross-rack") && racks < 2) {
      throw p.invalid(LOCALITY, "locality cross-rack needs at least 2 racks, there is 1");
    }
    if (locality.equals("rack-local") && hostsPerRack < 2) {
      throw p.invalid(LOCALITY, "locality rack-local needs at least 2 hosts per rack");
    }
    long seed = p.getLong(PATTERN_SEED);
    List<int[]> out = new ArrayList<>();
    switch (pattern) {
      case "pairs" -> {
        for (int h = 0; h < hosts; h++) {
          int rack = h / hostsPerRack;
          int pos = h % hostsPerRack;
          int dst =
              locality.equals("rack-local")
                  ? rack * hostsPerRack + (pos + 1) % hostsPerRack
                  : racks > 1 ? (h + hostsPerRack) % hosts : (h + 1) % hosts;
          out.add(new int[] {h, dst});
        }
      }
      case "permutation" -> permutation(hosts, hostsPerRack, locality, seed, out);
      case "all-to-all" -> {
        for (int h = 0; h < hosts; h++) {
          for (int d = 0; d < hosts; d++) {
            if (d != h && allowed(h, d, hostsPerRack, locality)) {
              out.add(new int[] {h, d});
            }
          }
        }
      }
      default -> incast(p, hosts, hostsPerRack, locality, out);
    }
    return out;
  }

  private static boolean allowed(int src, int dst, int hostsPerRack, String locality) {
    boolean same = src / hostsPerRack == dst / hostsPerRack;
    return switch (locality) {
      case "cross-rack" -> !same;
      case "rack-local" -> same;
      default -> true;
    };
  }

  private static void incast(
      ModelParams p, int hosts, int hostsPerRack, String locality, List<int[]> out) {
    int target = p.getInt(INCAST_HOST.within(0, hosts - 1));
    List<Integer> candidates = new ArrayList<>();
    for (int i = 1; i < hosts; i++) {
      int h = (target + i) % hosts;
      if (allowed(h, target, hostsPerRack, locality)) {
        candidates.add(h);
      }
    }
    int senders = p.getInt(SENDERS, candidates.size());
    if (senders > candidates.size()) {
      throw p.invalid(
          SENDERS,
          "senders: incast to host "
              + target
              + " with locality "
              + locality
              + " has "
              + candidates.size()
              + " possible senders, not "
              + senders);
    }
    for (int i = 0; i < senders; i++) {
      out.add(new int[] {candidates.get(i), target});
    }
  }

  private static void permutation(
      int hosts, int hostsPerRack, String locality, long seed, List<int[]> out) {
    SplittableRandom random = new SplittableRandom(Mix.mix64(seed ^ 0x5A77_0105L));
    int racks = hosts / hostsPerRack;
    int[] dst = new int[hosts];
    switch (locality) {
      case "cross-rack" -> {
        int[] rackCycle = sattolo(racks, random);
        for (int r = 0; r < racks; r++) {
          int[] positions = shuffled(hostsPerRack, random);
          for (int pos = 0; pos < hostsPerRack; pos++) {
            dst[r * hostsPerRack + pos] = rackCycle[r] * hostsPerRack + positions[pos];
          }
        }
      }
      case "rack-local" -> {
        for (int r = 0; r < racks; r++) {
          int[] cycle = sattolo(hostsPerRack, random);
          for (int pos = 0; pos < hostsPerRack; pos++) {
            dst[r * hostsPerRack + pos] = r * hostsPerRack + cycle[pos];
          }
        }
      }
      default -> dst = sattolo(hosts, random);
    }
    for (int h = 0; h < hosts; h++) {
      out.add(new int[] {h, dst[h]});
    }
  }

  /** A uniformly random cyclic permutation of 0..n-1 (n >= 2): no element maps to itself. */
  static int[] sattolo(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
