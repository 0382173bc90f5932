package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.netperf.NetperfSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The hosts' load over the measured interval, from their {@link HostMeter} counters: CPU
 * utilization and cycles per delivered byte of the netperf clients and of the netserver hosts, VM
 * exits and device interrupts per second over all hosts, and IOMMU faults.
 *
 * <ul>
 *   <li>{@code cpuUtilization.client|server}: the busy fraction of a host's physical cores (all of
 *       them, idle ones too), averaged over the hosts that run a client (server) end;
 *   <li>{@code cyclesPerByte.client|server}: those hosts' busy cycles over the payload bytes that
 *       all flows delivered to their receiving applications in the measured interval;
 *   <li>{@code vmExitsPerSec}, {@code interruptsPerSec}: exits and physical device interrupts taken
 *       in the measured interval, over all hosts;
 *   <li>{@code iommuFaults}: faults over the whole run (an attack may come at any time).
 * </ul>
 */
final class HostLoadResults {
  private HostLoadResults() {}

  static void derive(
      NetperfSettings settings,
      List<NetperfFlow> flows,
      List<SortedMap<String, Long>> metrics,
      long endPs,
      long payloadBytes,
      ModelResults.Builder out) {
    long fromPs = settings.warmupPs();
    long untilPs = Math.min(settings.stopPs(), endPs);
    TreeSet<Integer> clients = new TreeSet<>();
    TreeSet<Integer> servers = new TreeSet<>();
    for (NetperfFlow f : flows) {
      clients.add(f.clientHost());
      servers.add(f.serverHost());
    }
    put(out, "client", clients, metrics, settings, endPs, payloadBytes, untilPs - fromPs);
    put(out, "server", servers, metrics, settings, endPs, payloadBytes, untilPs - fromPs);
    long exits = 0;
    long interrupts = 0;
    long faults = 0;
    for (Map<String, Long> m : metrics) {
      exits += m.getOrDefault("measured.vmExits", 0L);
      interrupts += m.getOrDefault("measured.deviceInterrupts", 0L);
      faults += iommuFaults(m);
    }
    out.scalar("vmExitsPerSec", NetperfResults.perSecond(exits, untilPs - fromPs));
    out.scalar("interruptsPerSec", NetperfResults.perSecond(interrupts, untilPs - fromPs));
    out.scalar("iommuFaults", faults);
  }

  /**
   * A host's IOMMU faults: its own count if it reports one ({@code iommu.faults}, also what a host
   * of one guest reports), else the sum over its guests' ({@code vm<g>.iommu.faults}).
   */
  private static long iommuFaults(Map<String, Long> m) {
    Long host = m.get("iommu.faults");
    if (host != null) {
      return host;
    }
    long sum = 0;
    for (Map.Entry<String, Long> e : m.entrySet()) {
      if (e.getKey().endsWith(".iommu.faults")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static void put(
      ModelResults.Builder out,
      String side,
      TreeSet<Integer> hosts,
      List<SortedMap<String, Long>> metrics,
      NetperfSettings settings,
      long endPs,
      long payloadBytes,
      long intervalPs) {
    double utilization = 0;
    double busyPs = 0;
    for (int h : hosts) {
      SortedMap<String, Long> m = metrics.get(h);
      long busy = busyPs(m, settings, endPs);
      busyPs += busy;
      if (busy > 0) {
        utilization += (double) busy / ((double) m.get("cpu.physicalCores") * intervalPs);
      }
    }
    out.scalar("cpuUtilization." + side, decimal(utilization / hosts.size()));
    if (payloadBytes > 0) {
      double cycles = busyPs * settings.costs().clockHz() / NetperfResults.PS_PER_SECOND;
      out.scalar("cyclesPerByte." + side, decimal(cycles / payloadBytes));
    }
  }

  /** The host's physical cores' busy time in the measured interval; 0 if it reported none. */
  static long busyPs(SortedMap<String, Long> m, NetperfSettings settings, long endPs) {
    Long fromWarmup = m.get("cpu.busyFromWarmupPs");
    if (fromWarmup == null) {
      return 0; // nothing happened on this host from the warm-up's end on
    }
    long afterPs = settings.stopPs() <= endPs ? m.get("cpu.busyFromStopPs") : busyFromPs(m, endPs);
    return fromWarmup - afterPs;
  }

  /**
   * Busy time of all the host's physical cores in {@code [fromPs, ∞)}, for {@code fromPs} at or
   * after the run's end (so after the host's last event): each core runs what it was given until
   * its {@code busyUntilPs}, except in the idle gaps it reported.
   */
  static long busyFromPs(SortedMap<String, Long> m, long fromPs) {
    long sum = 0;
    int cores = Math.toIntExact(m.getOrDefault("cpu.physicalCores", 0L));
    for (int c = 0; c < cores; c++) {
      String core = "cpu.core" + c + ".";
      long until = m.get(core + "busyUntilPs");
      long busy = Math.max(0, until - fromPs);
      for (int i = 0; m.containsKey(core + "idle" + i + ".fromPs"); i++) {
        long gapFrom = Math.max(m.get(core + "idle" + i + ".fromPs"), fromPs);
        long gapUntil = Math.min(m.get(core + "idle" + i + ".untilPs"), until);
        busy -= Math.max(0, gapUntil - gapFrom);
      }
      sum += busy;
    }
    return sum;
  }

  /** A ratio with six decimals, as results have always been given. */
  static BigDecimal decimal(double value) {
    return new BigDecimal(String.format(Locale.ROOT, "%.6f", value));
  }
}
