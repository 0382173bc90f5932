package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.netperf.NetperfSettings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * What netperf would print, derived from the hosts' counters over the measured interval {@code
 * [warmupPs, min(stopPs, endPs))}: goodput per flow and in total, transactions per second, Jain's
 * fairness index over the flows' goodputs; then the hosts' load ({@link HostLoadResults}) and, if
 * asked for, the time series ({@link SeriesResults}).
 *
 * <p>A flow's own rates are over its active part of the measured interval, {@code [max(warmupPs,
 * its start), min(stopPs, its stop, endPs))}: a flow that started late or stopped early is not
 * charged for the time it did not run, and only what it delivered then is counted. The totals are
 * over the whole measured interval.
 */
final class NetperfResults {
  static final long PS_PER_SECOND = 1_000_000_000_000L;

  private NetperfResults() {}

  static ModelResults derive(
      NetperfSettings settings,
      List<NetperfFlow> flows,
      List<SortedMap<String, Long>> metrics,
      long endPs) {
    return derive(settings, flows, metrics, endPs, out -> {});
  }

  /** As above, then {@code more} adds a model's own results (a cluster's fabric). */
  static ModelResults derive(
      NetperfSettings settings,
      List<NetperfFlow> flows,
      List<SortedMap<String, Long>> metrics,
      long endPs,
      Consumer<ModelResults.Builder> more) {
    ModelResults.Builder out = new ModelResults.Builder();
    more.accept(out);
    if (settings.seriesIntervalPs() > 0) {
      SeriesResults.derive(settings, flows, metrics, endPs, out);
    }
    long intervalPs = Math.min(settings.stopPs(), endPs) - settings.warmupPs();
    if (intervalPs <= 0 || flows.isEmpty()) {
      return out.build();
    }
    out.scalar("measuredPs", intervalPs);
    Map<String, Long> totals = totals(metrics);
    List<Long> active = new ArrayList<>();
    long totalBytes = 0;
    long total = 0;
    long transactions = 0;
    long retransmits = 0;
    for (NetperfFlow f : flows) {
      String prefix = "flow" + f.id() + ".";
      long flowPs = activePs(settings, f, endPs);
      long bytes =
          sum(totals, prefix + "measuredBytes") + sum(totals, prefix + "server.measuredBytes");
      long goodput = flowPs > 0 ? perSecond(bytes * 8, flowPs) : 0;
      totalBytes += bytes;
      // the sum of each flow's bytes over the measured interval, rounded per flow as it always was
      total += perSecond(bytes * 8, intervalPs);
      retransmits +=
          sum(totals, prefix + "retransmittedSegments")
              + sum(totals, prefix + "server.retransmittedSegments");
      if (f.finite()) {
        continue; // many short flows: their completion times are their results (FctResults)
      }
      if (flowPs > 0) {
        active.add(goodput);
      }
      out.flow(f.id(), "goodputBitsPerSec", goodput);
      long tx = sum(totals, prefix + "measuredTransactions");
      transactions += tx;
      if (settings.test().requestResponse()) {
        out.flow(f.id(), "transactionsPerSec", flowPs > 0 ? perSecond(tx, flowPs) : 0);
      }
    }
    out.scalar("goodputBitsPerSec", total);
    if (settings.test().requestResponse()) {
      out.scalar("transactionsPerSec", perSecond(transactions, intervalPs));
    }
    if (settings.test().tcp()) {
      out.scalar("retransmittedSegments", retransmits);
    }
    if (active.size() > 1) {
      out.scalar("jainIndex", HostLoadResults.decimal(jain(toArray(active))));
    }
    HostLoadResults.derive(settings, flows, metrics, endPs, totalBytes, out);
    protection(metrics, totals, out);
    return out.build();
  }

  /** The length of the flow's part of the measured interval (0 if it ran outside it). */
  static long activePs(NetperfSettings settings, NetperfFlow f, long endPs) {
    long from = Math.max(settings.warmupPs(), f.startPs());
    long until = Math.min(Math.min(settings.stopPs(), f.stopPs()), endPs);
    return Math.max(0, until - from);
  }

  /**
   * What the hosts' DMA did to memory they do not own, over the whole run (damage does not wait for
   * the warm-up): whether a device wrote a hypervisor page, how many foreign pages devices wrote,
   * how many requests the IOMMUs refused; and, when a guest attacked, whether its IOMMU refused
   * every attack DMA. Host-level metrics only: a host's one IOMMU counts for all its guests.
   */
  private static void protection(
      List<SortedMap<String, Long>> metrics, Map<String, Long> totals, ModelResults.Builder out) {
    long compromised = 0;
    for (Map<String, Long> m : metrics) {
      compromised = Math.max(compromised, m.getOrDefault("dma.hostCompromised", 0L));
    }
    out.scalar("hostCompromised", compromised);
    out.scalar("foreignPagesWritten", sum(totals, "dma.foreignPagesWritten"));
    // iommuFaults is the hosts' load's (HostLoadResults), which counts a host's guests' too
    if (totals.containsKey("attack.dmas")) {
      long dmas = sum(totals, "attack.dmas");
      boolean blocked = dmas > 0 && sum(totals, "attack.faults") == dmas;
      out.scalar("attackBlocked", blocked ? 1 : 0);
      out.scalar("attackDmas", dmas);
      out.scalar("attackReachedTarget", sum(totals, "attack.reachedTarget"));
    }
  }

  /**
   * Every metric's sum over all entities, in one pass over them: a flow's values are then looked
   * up, so deriving results is linear in flows plus entities (summing over every entity for each
   * flow was quadratic: 400 s for a star of 16,384 hosts). Sums of longs do not depend on their
   * order.
   */
  static Map<String, Long> totals(List<SortedMap<String, Long>> metrics) {
    Map<String, Long> totals = new HashMap<>();
    for (Map<String, Long> m : metrics) {
      for (Map.Entry<String, Long> e : m.entrySet()) {
        totals.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }
    return totals;
  }

  static long sum(Map<String, Long> totals, String name) {
    return totals.getOrDefault(name, 0L);
  }

  /** count per interval as a per-second rate, exactly rounded down (no overflow, no doubles). */
  static long perSecond(long count, long intervalPs) {
    return BigInteger.valueOf(count)
        .multiply(BigInteger.valueOf(PS_PER_SECOND))
        .divide(BigInteger.valueOf(intervalPs))
        .longValueExact();
  }

  private static long[] toArray(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  static double jain(long[] x) {
    double sum = 0;
    double squares = 0;
    for (long v : x) {
      sum += v;
      squares += (double) v * v;
    }
    return squares == 0 ? 1.0 : sum * sum / (x.length * squares);
  }
}
