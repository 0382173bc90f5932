package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.netperf.NetperfSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Time series over intervals {@code [k * I, (k + 1) * I)} of the run, k = 0 .. up to the end:
 * goodput of all flows and of each ({@code goodputBitsPerSec}, {@code flow<id>.goodputBitsPerSec}:
 * bits its receiving sockets took from the network in the interval, each once, per second; see
 * {@link NetperfApp#onArrivals}), and the mean CPU utilization of the client and of the server
 * hosts ({@code cpuUtilization.client|server}). A last interval cut short by the run's end is a
 * rate over its actual length.
 */
final class SeriesResults {
  private static final String FLOW_PREFIX = "series.flow";
  private static final String CPU_PREFIX = "series.cpu.busyPs.";

  private SeriesResults() {}

  static void derive(
      NetperfSettings settings,
      List<NetperfFlow> flows,
      List<SortedMap<String, Long>> metrics,
      long endPs,
      ModelResults.Builder out) {
    long intervalPs = settings.seriesIntervalPs();
    int intervals = Math.toIntExact((endPs + intervalPs - 1) / intervalPs);
    Map<Integer, long[]> bytes = bytesPerInterval(flows, metrics, intervals);
    Map<Integer, List<BigDecimal>> perFlow = new TreeMap<>();
    List<BigDecimal> total = new ArrayList<>();
    for (int k = 0; k < intervals; k++) {
      long lengthPs = Math.min((k + 1) * intervalPs, endPs) - k * intervalPs;
      long all = 0;
      for (NetperfFlow f : flows) {
        long b = bytes.get(f.id())[k];
        all += b;
        perFlow
            .computeIfAbsent(f.id(), id -> new ArrayList<>())
            .add(BigDecimal.valueOf(NetperfResults.perSecond(b * 8, lengthPs)));
      }
      total.add(BigDecimal.valueOf(NetperfResults.perSecond(all * 8, lengthPs)));
    }
    perFlow.forEach(
        (id, values) ->
            out.series(ModelResults.flowName(id, "goodputBitsPerSec"), intervalPs, values));
    out.series("goodputBitsPerSec", intervalPs, total);
    TreeSet<Integer> clients = new TreeSet<>();
    TreeSet<Integer> servers = new TreeSet<>();
    for (NetperfFlow f : flows) {
      clients.add(f.clientHost());
      servers.add(f.serverHost());
    }
    putCpu(out, "client", clients, metrics, intervalPs, intervals, endPs);
    putCpu(out, "server", servers, metrics, intervalPs, intervals, endPs);
  }

  /** Each flow's bytes received by its receiving sockets, per series interval. */
  static Map<Integer, long[]> bytesPerInterval(
      List<NetperfFlow> flows, List<SortedMap<String, Long>> metrics, int intervals) {
    Map<Integer, long[]> bytes = new HashMap<>();
    for (NetperfFlow f : flows) {
      bytes.put(f.id(), new long[intervals]);
    }
    for (SortedMap<String, Long> m : metrics) {
      readBytes(m, bytes, intervals);
    }
    return bytes;
  }

  /** {@code series.flow<id>[.server].bytesReceived.<k>} of one host into the flows' arrays. */
  private static void readBytes(
      SortedMap<String, Long> m, Map<Integer, long[]> bytes, int intervals) {
    for (Map.Entry<String, Long> e : m.subMap(FLOW_PREFIX, FLOW_PREFIX + '\uffff').entrySet()) {
      String rest = e.getKey().substring(FLOW_PREFIX.length());
      int dot = rest.indexOf('.');
      int k = Integer.parseInt(rest.substring(rest.lastIndexOf('.') + 1));
      long[] perInterval = bytes.get(Integer.parseInt(rest.substring(0, dot)));
      if (perInterval != null && k < intervals) {
        perInterval[k] += e.getValue();
      }
    }
  }

  private static void putCpu(
      ModelResults.Builder out,
      String side,
      TreeSet<Integer> hosts,
      List<SortedMap<String, Long>> metrics,
      long intervalPs,
      int intervals,
      long endPs) {
    if (hosts.isEmpty()) {
      return; // no flow, so no host on this side: a mean over none is no number
    }
    double[] utilization = new double[intervals];
    for (int h : hosts) {
      SortedMap<String, Long> m = metrics.get(h);
      Long cores = m.get("cpu.physicalCores");
      if (cores == null) {
        continue; // not a netperf host
      }
      for (int k = 0; k < intervals; k++) {
        long startPs = k * intervalPs;
        long untilPs = (k + 1) * intervalPs;
        long busy = m.getOrDefault(CPU_PREFIX + k, 0L);
        if (untilPs > endPs) {
          // work given before the end that would run after it is not part of the run
          busy -= HostLoadResults.busyFromPs(m, endPs) - HostLoadResults.busyFromPs(m, untilPs);
          untilPs = endPs;
        }
        utilization[k] += (double) busy / ((double) cores * (untilPs - startPs));
      }
    }
    List<BigDecimal> values = new ArrayList<>();
    for (int k = 0; k < intervals; k++) {
      values.add(HostLoadResults.decimal(utilization[k] / hosts.size()));
    }
    out.series("cpuUtilization." + side, intervalPs, values);
  }
}
