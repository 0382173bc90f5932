package io.vioemu.host.netperf;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What netperf would print, derived from the hosts' counters over the measured interval {@code
 * [warmupPs, min(stopPs, endPs))}: goodput per flow and in total, transactions per second, and
 * Jain's fairness index over the flows' goodputs.
 */
final class NetperfResults {
  private static final long PS_PER_SECOND = 1_000_000_000_000L;

  private NetperfResults() {}

  static SortedMap<String, String> derive(
      NetperfSettings settings,
      List<Integer> flowIds,
      List<SortedMap<String, Long>> metrics,
      long endPs) {
    SortedMap<String, String> out = new TreeMap<>();
    long intervalPs = Math.min(settings.stopPs(), endPs) - settings.warmupPs();
    if (intervalPs <= 0 || flowIds.isEmpty()) {
      return out;
    }
    out.put("measuredPs", Long.toString(intervalPs));
    long[] goodput = new long[flowIds.size()];
    long total = 0;
    long transactions = 0;
    long retransmits = 0;
    for (int i = 0; i < flowIds.size(); i++) {
      String prefix = "flow" + flowIds.get(i) + ".";
      long bytes =
          sum(metrics, prefix + "measuredBytes") + sum(metrics, prefix + "server.measuredBytes");
      goodput[i] = perSecond(bytes * 8, intervalPs);
      total += goodput[i];
      out.put(prefix + "goodputBitsPerSec", Long.toString(goodput[i]));
      long tx = sum(metrics, prefix + "measuredTransactions");
      transactions += tx;
      retransmits +=
          sum(metrics, prefix + "retransmittedSegments")
              + sum(metrics, prefix + "server.retransmittedSegments");
      if (settings.test().requestResponse()) {
        out.put(prefix + "transactionsPerSec", Long.toString(perSecond(tx, intervalPs)));
      }
    }
    out.put("goodputBitsPerSec", Long.toString(total));
    if (settings.test().requestResponse()) {
      out.put("transactionsPerSec", Long.toString(perSecond(transactions, intervalPs)));
    }
    if (settings.test().tcp()) {
      out.put("retransmittedSegments", Long.toString(retransmits));
    }
    if (goodput.length > 1) {
      out.put("jainIndex", String.format(Locale.ROOT, "%.6f", jain(goodput)));
    }
    protection(metrics, out);
    return out;
  }

  /**
   * What the hosts' DMA did to memory they do not own, over the whole run (damage does not wait for
   * the warm-up): whether a device wrote a hypervisor page, how many foreign pages devices wrote,
   * how many requests the IOMMUs refused; and, when a guest attacked, whether its IOMMU refused
   * every attack DMA. Host-level metrics only: a host's one IOMMU counts for all its guests.
   */
  private static void protection(
      List<SortedMap<String, Long>> metrics, SortedMap<String, String> out) {
    long compromised = 0;
    for (Map<String, Long> m : metrics) {
      compromised = Math.max(compromised, m.getOrDefault("dma.hostCompromised", 0L));
    }
    out.putIfAbsent("hostCompromised", Long.toString(compromised));
    out.putIfAbsent("foreignPagesWritten", Long.toString(sum(metrics, "dma.foreignPagesWritten")));
    out.putIfAbsent("iommuFaults", Long.toString(sum(metrics, "iommu.faults")));
    if (metrics.stream().anyMatch(m -> m.containsKey("attack.dmas"))) {
      long dmas = sum(metrics, "attack.dmas");
      boolean blocked = dmas > 0 && sum(metrics, "attack.faults") == dmas;
      out.put("attackBlocked", blocked ? "1" : "0");
      out.put("attackDmas", Long.toString(dmas));
      out.put("attackReachedTarget", Long.toString(sum(metrics, "attack.reachedTarget")));
    }
  }

  private static long sum(List<SortedMap<String, Long>> metrics, String name) {
    long s = 0;
    for (Map<String, Long> m : metrics) {
      s += m.getOrDefault(name, 0L);
    }
    return s;
  }

  /** count per interval as a per-second rate, exactly rounded down (no overflow, no doubles). */
  private static long perSecond(long count, long intervalPs) {
    return BigInteger.valueOf(count)
        .multiply(BigInteger.valueOf(PS_PER_SECOND))
        .divide(BigInteger.valueOf(intervalPs))
        .longValueExact();
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
