package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelResults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time series: identical on every placement, adding up to the run's totals, and leaving the run
 * itself (its events and every other metric) exactly as it is without them.
 */
class SeriesTest {
  private static final long MS = 1_000_000_000L;
  private static final long END_PS = 5 * MS;
  private static final long INTERVAL_PS = MS / 2;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("series", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Two senders into one host through a Xen back-end, whose cores hand work to each other. */
  private static Map<String, String> incast(long seriesPs) {
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("hosts", "3");
    p.put("senders", "2");
    p.put("incastHost", "2");
    p.put("io.model", "xen");
    p.put("io.vmHosts", "servers");
    p.put("cost.clockHz", "2000000000");
    p.put("cost.rxStackCyclesPerFrame", "3000");
    p.put("cost.grantPacketCycles", "2000");
    p.put("nic.gro", "true");
    p.put("warmupPs", "" + MS);
    p.put("seriesIntervalPs", "" + seriesPs);
    return p;
  }

  @Test
  void shouldGiveIdenticalSeriesWhenTheSameScenarioRunsOnOneTwoOrThreePartitions() {
    NetperfRun one = NetperfRun.run(kit, incast(INTERVAL_PS), 1, END_PS);
    assertTrue(
        one.results().series().get("flow1.goodputBitsPerSec").values().size() > 9, "series are on");
    for (int partitions = 2; partitions <= 3; partitions++) {
      NetperfRun other = NetperfRun.run(kit, incast(INTERVAL_PS), partitions, END_PS);
      assertEquals(one.metrics, other.metrics, partitions + " partitions");
      assertEquals(one.results(), other.results(), partitions + " partitions");
      assertEquals(one.events, other.events, partitions + " partitions");
      assertEquals(one.checksum, other.checksum, partitions + " partitions");
    }
  }

  /**
   * Four senders into one port through a shallow switch buffer: segments are lost, and each
   * retransmission that fills a hole releases everything held behind it to the application at once.
   * Goodput counts bytes when they arrive, so no interval shows more than the port carried.
   */
  @Test
  void shouldKeepEveryIntervalWithinTheReceiversPortWhenLossesReleaseHeldData() {
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("hosts", "5");
    p.put("senders", "4");
    p.put("incastHost", "4");
    p.put("switchBufferBytes", "65536");
    p.put("seriesIntervalPs", "" + MS / 5);
    NetperfRun r = NetperfRun.run(kit, p, 1, END_PS);
    assertTrue(r.result("retransmittedSegments") > 0, "the buffer drops segments");
    long rate = 10_000_000_000L;
    List<?> values = r.results().series().get("goodputBitsPerSec").values();
    for (int k = 0; k < values.size(); k++) {
      double bits = NetperfRun.series(r.results(), "goodputBitsPerSec", k);
      assertTrue(bits <= rate, "interval " + k + ": " + bits + " bit/s through one 10 Gb/s port");
    }
  }

  @Test
  void shouldLeaveEveryOtherMetricAndTheEventsAsTheyAreWhenSeriesAreOn() {
    NetperfRun on = NetperfRun.run(kit, incast(INTERVAL_PS), 1, END_PS);
    NetperfRun off = NetperfRun.run(kit, incast(0), 1, END_PS);
    assertEquals(off.events, on.events);
    assertEquals(off.checksum, on.checksum);
    assertEquals(off.metrics, withoutSeries(on.metrics));
    assertTrue(off.results().series().isEmpty(), "no series when off");
    assertEquals(off.results().named(), on.results().named());
  }

  @Test
  void shouldAddUpToTheRunsTotalsWhenTheIntervalsAreSummed() {
    NetperfRun r = NetperfRun.run(kit, incast(INTERVAL_PS), 1, END_PS);
    ModelResults res = r.results();
    int intervals = (int) (END_PS / INTERVAL_PS);
    assertEquals(
        intervals,
        res.series().get("goodputBitsPerSec").values().size(),
        "no interval past the end");
    double bits = 0;
    for (int k = 0; k < intervals; k++) {
      double all = NetperfRun.series(res, "goodputBitsPerSec", k);
      double flows =
          NetperfRun.series(res, "flow0.goodputBitsPerSec", k)
              + NetperfRun.series(res, "flow1.goodputBitsPerSec", k);
      assertEquals(flows, all, 2.0, "the flows add up to the total at " + k);
      bits += all * INTERVAL_PS / 1e12;
    }
    double received = 8.0 * (r.get(2, "flow0.bytesReceived") + r.get(2, "flow1.bytesReceived"));
    assertEquals(received, bits, 2.0 * intervals, "every byte received is in one interval");
    // the Xen server's cores (vCPU, back-end): the series' busy time is the run's, after warm-up
    double busyPs = 0;
    for (int k = (int) (MS / INTERVAL_PS); k < intervals; k++) {
      busyPs += NetperfRun.series(res, "cpuUtilization.server", k) * 2 * INTERVAL_PS;
    }
    double measured = r.result("cpuUtilization.server") * 2 * (END_PS - MS);
    System.out.printf("server busy: series %.0f ps, measured %.0f ps%n", busyPs, measured);
    assertTrue(measured > 0.1 * 2 * (END_PS - MS), "the server works: " + measured);
    assertEquals(measured, busyPs, 1e-5 * measured);
  }

  private static List<SortedMap<String, Long>> withoutSeries(List<SortedMap<String, Long>> m) {
    return m.stream()
        .map(
            x -> {
              SortedMap<String, Long> copy = new TreeMap<>(x);
              copy.keySet().removeIf(k -> k.startsWith("series."));
              return copy;
            })
        .toList();
  }
}
