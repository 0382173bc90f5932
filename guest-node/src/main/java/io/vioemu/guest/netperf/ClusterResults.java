package io.vioemu.guest.netperf;

import io.vioemu.fabric.cluster.ClusterShape;
import io.vioemu.fabric.cluster.FaultPlan;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.netperf.NetperfSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a cluster's fabric adds to netperf's results:
 *
 * <ul>
 *   <li>{@code fabric.lostFrames}: frames sent into a dead link or switch; {@code
 *       fabric.unroutableFrames}: frames a switch had no route for; {@code fabric.dropFrames}:
 *       frames dropped by full switch buffers (drop-tail); {@code fabric.oversubscription}: a
 *       leaf's host capacity over its uplink capacity;
 *   <li>with a failure and a time series: {@code fault.goodputBeforeBitsPerSec} (the mean over the
 *       whole intervals from the warm-up to the first failure), {@code
 *       fault.goodputAfterBitsPerSec} (the level goodput settles at: the mean over the second half
 *       of the whole intervals from the failure to the next failure or recovery, or the end),
 *       {@code fault.recoveryPs} (from the failure to the start of the first interval at 90% of
 *       that level or more; -1 if none) and {@code fault.flowsNotRecovered} (flows running
 *       throughout the last of those intervals that delivered nothing in it).
 * </ul>
 */
final class ClusterResults {
  private ClusterResults() {}

  static void derive(
      ClusterSetup cluster,
      NetperfSettings settings,
      List<NetperfFlow> flows,
      List<SortedMap<String, Long>> metrics,
      long endPs,
      ModelResults.Builder out) {
    ClusterShape shape = cluster.shape();
    long lost = 0;
    long unroutable = 0;
    long drops = 0;
    for (int sw = 0; sw < shape.switches(); sw++) {
      Map<String, Long> m = metrics.get(shape.switchEntity(sw));
      lost += m.getOrDefault("lostFrames", 0L);
      unroutable += m.getOrDefault("unroutableFrames", 0L);
      for (int p = 0; p < shape.portCount(sw); p++) {
        drops += m.getOrDefault("port" + p + ".drops", 0L);
      }
    }
    out.scalar("fabric.lostFrames", lost);
    out.scalar("fabric.unroutableFrames", unroutable);
    out.scalar("fabric.dropFrames", drops);
    out.scalar("fabric.oversubscription", HostLoadResults.decimal(cluster.oversubscription()));
    FaultPlan faults = cluster.faults();
    long intervalPs = settings.seriesIntervalPs();
    long failPs = faults.firstFailurePs();
    if (!faults.hasFaults() || intervalPs == 0 || failPs >= endPs) {
      return;
    }
    int intervals = Math.toIntExact((endPs + intervalPs - 1) / intervalPs);
    Map<Integer, long[]> bytes = SeriesResults.bytesPerInterval(flows, metrics, intervals);
    long[] total = new long[intervals];
    bytes.values().forEach(b -> addInto(total, b));
    int before = Math.toIntExact((settings.warmupPs() + intervalPs - 1) / intervalPs);
    int first = Math.toIntExact((failPs + intervalPs - 1) / intervalPs);
    long untilPs = Math.min(endPs, faults.nextChangeAfterPs(failPs));
    int end = Math.toIntExact(untilPs / intervalPs);
    int failed = Math.toIntExact(failPs / intervalPs);
    if (failed > before) {
      out.scalar("fault.goodputBeforeBitsPerSec", rate(mean(total, before, failed), intervalPs));
    }
    if (end - first < 2) {
      return;
    }
    long level = mean(total, first + (end - first) / 2, end);
    out.scalar("fault.goodputAfterBitsPerSec", rate(level, intervalPs));
    long recoveryPs = -1;
    for (int k = first; k < end; k++) {
      if (total[k] > 0 && total[k] * 10 >= level * 9) {
        recoveryPs = k * intervalPs - failPs;
        break;
      }
    }
    out.scalar("fault.recoveryPs", recoveryPs);
    long last = (end - 1) * intervalPs;
    long stuck = 0;
    for (NetperfFlow f : flows) {
      if (f.startPs() <= last
          && f.stopPs() >= last + intervalPs
          && bytes.get(f.id())[end - 1] == 0) {
        stuck++;
      }
    }
    out.scalar("fault.flowsNotRecovered", stuck);
  }

  private static void addInto(long[] total, long[] b) {
    for (int k = 0; k < total.length; k++) {
      total[k] += b[k];
    }
  }

  private static long mean(long[] values, int from, int to) {
    long sum = 0;
    for (int k = from; k < to; k++) {
      sum += values[k];
    }
    return to > from ? sum / (to - from) : 0;
  }

  private static BigDecimal rate(long bytesPerInterval, long intervalPs) {
    return BigDecimal.valueOf(bytesPerInterval * 8)
        .multiply(BigDecimal.valueOf(NetperfResults.PS_PER_SECOND))
        .divide(BigDecimal.valueOf(intervalPs), 0, RoundingMode.HALF_EVEN);
  }
}
