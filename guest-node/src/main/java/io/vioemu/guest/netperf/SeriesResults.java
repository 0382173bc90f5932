package io.vioemu.guest.netperf;

import io.vioemu.host.netperf.NetperfSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Time series over intervals {@code [k * I, (k + 1) * I)} of the run, k = 0 .. up to the end:
 * goodput of all flows and of each ({@code series.goodputBitsPerSec.<k>}, {@code
 * series.flow<id>.goodputBitsPerSec.<k>}: bits its receiving applications read in the interval, per
 * second), and the mean CPU utilization of the client and of the server hosts ({@code
 * series.cpuUtilization.client|server.<k>}). A last interval cut short by the run's end is a rate
 * over its actual length.
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
      SortedMap<String, String> out) {
    long intervalPs = settings.seriesIntervalPs();
    int intervals = Math.toIntExact((endPs + intervalPs - 1) / intervalPs);
    out.put("series.intervalPs", Long.toString(intervalPs));
    Map<Integer, long[]> bytes = new HashMap<>();
    for (NetperfFlow f : flows) {
      bytes.put(f.id(), new long[intervals]);
    }
    for (SortedMap<String, Long> m : metrics) {
      readBytes(m, bytes, intervals);
    }
    for (int k = 0; k < intervals; k++) {
      long lengthPs = Math.min((k + 1) * intervalPs, endPs) - k * intervalPs;
      long all = 0;
      for (NetperfFlow f : flows) {
        long b = bytes.get(f.id())[k];
        all += b;
        out.put(
            "series.flow" + f.id() + ".goodputBitsPerSec." + k,
            Long.toString(NetperfResults.perSecond(b * 8, lengthPs)));
      }
      out.put(
          "series.goodputBitsPerSec." + k,
          Long.toString(NetperfResults.perSecond(all * 8, lengthPs)));
    }
    TreeSet<Integer> clients = new TreeSet<>();
    TreeSet<Integer> servers = new TreeSet<>();
    for (NetperfFlow f : flows) {
      clients.add(f.clientHost());
      servers.add(f.serverHost());
    }
    putCpu(out, "client", clients, metrics, intervalPs, intervals, endPs);
    putCpu(out, "server", servers, metrics, intervalPs, intervals, endPs);
  }

  /** {@code series.flow<id>[.server].bytesRead.<k>} of one host into the flows' arrays. */
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
      SortedMap<String, String> out,
      String side,
      TreeSet<Integer> hosts,
      List<SortedMap<String, Long>> metrics,
      long intervalPs,
      int intervals,
      long endPs) {
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
    for (int k = 0; k < intervals; k++) {
      out.put(
          "series.cpuUtilization." + side + "." + k,
          HostLoadResults.format(utilization[k] / hosts.size()));
    }
  }
}
