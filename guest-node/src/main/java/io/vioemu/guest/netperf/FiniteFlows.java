package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.Mix;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * netperf-cluster's finite flows: instead of one bulk stream per pair and {@code flowsPerHost},
 * flows of {@code flowSizeBytes} each, or of sizes drawn from {@code flowSizeCdf}, arrive at each
 * client host as a Poisson process (open loop) from {@code startPs} until {@code stopPs}, each to
 * one of the host's peers under the traffic pattern, drawn uniformly. The rate makes the host's
 * offered load {@code loadPercent} of its link: {@code load x linkRate / (8 x mean size)} flows per
 * second. Times, sizes and peers come from one generator per host, seeded by {@code flowSeed} and
 * the host, so the flows are fixed when the model is built (before the run's entities get their
 * streams), identical on any placement.
 */
final class FiniteFlows {
  /** More would be a trace to replay, not an experiment to read. */
  static final int MAX_FLOWS = 1_000_000;

  static final ParamSpec FLOW_SIZE_BYTES =
      ParamSpec.integer(
          "flowSizeBytes",
          0,
          0,
          1L << 40,
          "Finite flows of this many bytes, arriving as a Poisson process (0: bulk streams).");
  static final ParamSpec FLOW_SIZE_CDF =
      ParamSpec.table(
          "flowSizeCdf",
          "Finite flows with sizes drawn from this CDF: rows [sizeBytes, cumulativeProbability],"
              + " sizes increasing, probabilities not decreasing, the last 1.");
  static final ParamSpec LOAD_PERCENT =
      ParamSpec.integer(
          "loadPercent",
          50,
          1,
          100,
          "Finite flows: each client host's offered load, in percent of its link's rate.");
  static final ParamSpec FLOW_SEED =
      ParamSpec.integer(
          "flowSeed",
          1,
          0,
          Long.MAX_VALUE,
          "The seed of finite flows' arrival times, sizes and peers.");

  static final List<ParamSpec> PARAMETERS =
      List.of(FLOW_SIZE_BYTES, FLOW_SIZE_CDF, LOAD_PERCENT, FLOW_SEED);

  /**
   * One finite flow.
   *
   * @param src the client host, which sends
   * @param dst the server host, which receives
   */
  record Arrival(int src, int dst, long startPs, long sizeBytes) {}

  private FiniteFlows() {}

  /** The flow sizes the parameters ask for, or null for bulk flows. */
  static FlowSizes sizes(ModelParams p) {
    String cdf = p.getTable(FLOW_SIZE_CDF);
    long fixed = p.getLong(FLOW_SIZE_BYTES);
    if (!cdf.isEmpty() && fixed > 0) {
      throw p.invalid(FLOW_SIZE_BYTES, "set flowSizeBytes or flowSizeCdf, not both");
    }
    if (!cdf.isEmpty()) {
      return FlowSizes.cdf(FLOW_SIZE_CDF.name(), cdf);
    }
    if (p.has(LOAD_PERCENT) && fixed == 0) {
      throw p.invalid(LOAD_PERCENT, "loadPercent applies to finite flows: set a flow size");
    }
    return fixed > 0 ? FlowSizes.fixed(fixed) : null;
  }

  /**
   * The flows, by start time (ties: by host), each host's arrivals from its own generator.
   *
   * @param pairs the traffic pattern's (client, server) pairs
   * @param rateBitsPerSec each host's link rate
   */
  static List<Arrival> arrivals(
      ModelParams p,
      FlowSizes sizes,
      List<int[]> pairs,
      long[] rateBitsPerSec,
      long startPs,
      long stopPs) {
    if (stopPs == Long.MAX_VALUE) {
      throw p.invalid(
          p.has(FLOW_SIZE_CDF) ? FLOW_SIZE_CDF : FLOW_SIZE_BYTES,
          "finite flows arrive until stopPs (workload.stopUs), which is not set: set it, before"
              + " the run's end, so that the last flows can complete");
    }
    int load = p.getInt(LOAD_PERCENT);
    long seed = p.getLong(FLOW_SEED);
    List<Arrival> out = new ArrayList<>();
    for (int h = 0; h < rateBitsPerSec.length; h++) {
      List<Integer> peers = new ArrayList<>();
      for (int[] pair : pairs) {
        if (pair[0] == h) {
          peers.add(pair[1]);
        }
      }
      if (peers.isEmpty()) {
        continue;
      }
      // mean gap = 8 x mean size / (load x rate) seconds, in ps
      double meanGapPs = 8 * sizes.meanBytes() * 1e12 / (load / 100.0 * rateBitsPerSec[h]);
      SplittableRandom random = new SplittableRandom(Mix.mix64(seed ^ Mix.mix64(h + 0x51F0L)));
      long t = startPs;
      while (true) {
        double gap = -StrictMath.log(1 - random.nextDouble()) * meanGapPs;
        if (gap >= stopPs - t) {
          break;
        }
        t += Math.max(1, (long) gap);
        int dst = peers.get(random.nextInt(peers.size()));
        out.add(new Arrival(h, dst, t, sizes.draw(random)));
        if (out.size() > MAX_FLOWS) {
          throw p.invalid(
              LOAD_PERCENT,
              "more than "
                  + MAX_FLOWS
                  + " finite flows would arrive before stopPs; shorten the run or lower the load");
        }
      }
    }
    out.sort(Comparator.comparingLong(Arrival::startPs).thenComparingInt(Arrival::src));
    return out;
  }
}
