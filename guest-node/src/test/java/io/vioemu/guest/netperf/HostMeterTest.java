package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.netperf.HostMeter;
import io.vioemu.host.netperf.NetperfSettings;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A host's meter on hand-made work: busy time split at the warm-up's end and at series boundaries,
 * and the tail after the run's end, idle gaps included, taken off by the results.
 */
class HostMeterTest {
  private static final long US = 1_000_000;

  /** One cycle per picosecond, so cycles are picoseconds. */
  private static final long CLOCK_HZ = 1_000_000_000_000L;

  private static NetperfSettings settings(long warmupPs, long seriesPs) {
    return NetperfStarModel.fromParams(
            Map.of("warmupPs", "" + warmupPs, "seriesIntervalPs", "" + seriesPs))
        .settings();
  }

  /**
   * Busy [0, 3) us, then, from an event at 1 us, work the core is given for 5 us on: idle [3, 5),
   * busy [5, 7).
   */
  private static SortedMap<String, Long> meter(NetperfSettings s) {
    CoreModel core = new CoreModel(CLOCK_HZ);
    HostMeter meter = new HostMeter(List.of(core), s, () -> 0, () -> 0);
    meter.onEvent(0);
    core.run(3 * US, Component.STACK, 0);
    meter.onEvent(US);
    core.run(2 * US, Component.BACKEND, 5 * US);
    SortedMap<String, Long> m = new TreeMap<>();
    meter.reportMetrics(m::put);
    return m;
  }

  @Test
  void shouldSplitBusyTimeAtTheBoundariesWhenWorkStraddlesThem() {
    NetperfSettings s = settings(2_500_000, US);
    SortedMap<String, Long> m = meter(s);
    assertEquals(7 * US, m.get("cpu.core0.busyUntilPs"));
    assertEquals(3 * US, m.get("cpu.core0.idle0.fromPs"));
    assertEquals(5 * US, m.get("cpu.core0.idle0.untilPs"));
    assertEquals(US / 2 + 2 * US, m.get("cpu.busyFromWarmupPs"), "from 2.5 us on");
    long[] perInterval = {US, US, US, 0, 0, US, US};
    for (int k = 0; k < perInterval.length; k++) {
      assertEquals(perInterval[k], m.getOrDefault("series.cpu.busyPs." + k, 0L), "interval " + k);
    }
  }

  @Test
  void shouldTakeOffWhatRunsAfterTheEndWhenTheRunEndsInAGap() {
    NetperfSettings s = settings(2_500_000, US);
    SortedMap<String, Long> m = meter(s);
    assertEquals(2 * US, HostLoadResults.busyFromPs(m, 4 * US), "[5, 7) after an end at 4 us");
    assertEquals(US + US / 2, HostLoadResults.busyFromPs(m, 5 * US + US / 2));
    assertEquals(0, HostLoadResults.busyFromPs(m, 8 * US));
    // measured interval [2.5, 4): busy [2.5, 3)
    assertEquals(US / 2, HostLoadResults.busyPs(m, s, 4 * US));
  }

  @Test
  void shouldRateTheLastIntervalOverItsOwnLengthWhenTheEndCutsIt() {
    NetperfSettings s = settings(2_500_000, US);
    SortedMap<String, Long> m = meter(s);
    ModelResults.Builder out = new ModelResults.Builder();
    List<NetperfFlow> flows = List.of(new NetperfFlow(0, 0, 0, 0, Long.MAX_VALUE));
    SeriesResults.derive(s, flows, List.of(m), 5 * US + US / 2, out);
    SortedMap<String, ModelResults.Series> series = out.build().series();
    ModelResults.Series server = series.get("cpuUtilization.server");
    assertEquals(1_000_000, server.intervalPs());
    assertEquals(6, server.values().size());
    assertEquals(6, series.get("cpuUtilization.client").values().size());
    assertEquals("1.000000", server.values().get(0).toPlainString());
    assertEquals("0.000000", server.values().get(3).toPlainString());
    // [5, 5.5): busy all the way, although the core ran on to 6 us within that interval
    assertEquals("1.000000", server.values().get(5).toPlainString());
    assertEquals("0", series.get("goodputBitsPerSec").values().get(5).toPlainString());
  }

  @Test
  void shouldCountEachHostsIommuFaultsOnceWhenGuestsReportTheirOwn() {
    NetperfSettings s = settings(0, 0);
    SortedMap<String, Long> host = new TreeMap<>(Map.of("iommu.faults", 3L));
    SortedMap<String, Long> guests =
        new TreeMap<>(Map.of("vm0.iommu.faults", 2L, "vm1.iommu.faults", 4L, "vm1.iommu.maps", 9L));
    SortedMap<String, Long> both =
        new TreeMap<>(Map.of("iommu.faults", 5L, "vm0.iommu.faults", 5L));
    ModelResults.Builder results = new ModelResults.Builder();
    List<NetperfFlow> flows = List.of(new NetperfFlow(0, 0, 1, 0, Long.MAX_VALUE));
    HostLoadResults.derive(s, flows, List.of(host, guests, both), US, 0, results);
    SortedMap<String, String> out = NetperfRun.named(results.build());
    assertEquals("14", out.get("iommuFaults"), "3 + (2 + 4) + 5");
    assertEquals("0.000000", out.get("cpuUtilization.client"));
    assertFalse(out.containsKey("cyclesPerByte.client"), "no bytes, no cycles per byte");
  }

  @Test
  void shouldReportNothingWhenNothingHappensAfterTheWarmUp() {
    SortedMap<String, Long> m = meter(settings(8 * US, 0));
    assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("cpu.") || k.startsWith("series.")));
    assertEquals(0, HostLoadResults.busyPs(m, settings(8 * US, 0), 9 * US));
    assertTrue(m.isEmpty(), m.toString());
  }
}
