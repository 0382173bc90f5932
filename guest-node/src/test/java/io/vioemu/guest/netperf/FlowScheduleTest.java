package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelResults;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-flow start and stop times: what a flow does outside its own interval, and how it is measured.
 */
class FlowScheduleTest {
  private static final long MS = 1_000_000_000L;

  /** TCP_STREAM over 10GbE with timestamps: 1448 data bytes per 1538 bytes on the wire. */
  private static final double LINE_GOODPUT = 1448.0 / 1538 * 10e9;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create("schedule", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Two TCP_STREAM flows from host 0 to host 1, one series point per millisecond. */
  private static Map<String, String> twoFlows(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("flowsPerHost", "2");
    p.put("warmupPs", "" + 2 * MS);
    p.put("seriesIntervalPs", "" + MS);
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static double series(ModelResults results, String name, int k) {
    return NetperfRun.series(results, name, k);
  }

  @Test
  void shouldGiveTheLinkToTheOtherFlowWhenOneStopsHalfWay() {
    long end = 24 * MS;
    NetperfRun r = NetperfRun.run(kit, twoFlows("flow.0.stopPs", "" + 8 * MS), 1, end);
    ModelResults res = r.results();
    for (int k = 2; k < 8; k++) {
      double both = series(res, "goodputBitsPerSec", k);
      System.out.printf(
          "%d ms: flow 0 %.3f, flow 1 %.3f Gb/s%n",
          k,
          series(res, "flow0.goodputBitsPerSec", k) / 1e9,
          both / 1e9 - series(res, "flow0.goodputBitsPerSec", k) / 1e9);
      assertEquals(LINE_GOODPUT, both, LINE_GOODPUT * 0.02, "the two flows fill the link at " + k);
    }
    // flow 0's sender stops at 8 ms; what its socket holds (up to 4 MB) still drains, sharing the
    // link
    for (int k = 16; k < 24; k++) {
      assertEquals(0, series(res, "flow0.goodputBitsPerSec", k), "flow 0 is done by " + k + " ms");
      double alone = series(res, "flow1.goodputBitsPerSec", k);
      assertEquals(LINE_GOODPUT, alone, LINE_GOODPUT * 0.02, "flow 1 takes the link at " + k);
    }
    // flow 0 is measured over [2 ms, 8 ms), where it had about half the link; flow 1 over [2, 24)
    double flow0 = r.result("flow0.goodputBitsPerSec");
    double flow1 = r.result("flow1.goodputBitsPerSec");
    System.out.printf("flow 0 %.3f Gb/s, flow 1 %.3f Gb/s%n", flow0 / 1e9, flow1 / 1e9);
    long flow0Bytes = r.get(1, "flow0.measuredBytes");
    assertEquals(flow0Bytes * 8.0 * 1e12 / (6 * MS), flow0, 1.0, "over flow 0's own interval");
    assertTrue(flow0 > 0.3 * LINE_GOODPUT && flow0 < 0.7 * LINE_GOODPUT, "a fair share: " + flow0);
    assertTrue(flow1 > flow0, "flow 1 had the link to itself at the end");
    double total = r.result("goodputBitsPerSec");
    long flow1Bytes = r.get(1, "flow1.measuredBytes");
    assertEquals(
        (flow0Bytes + flow1Bytes) * 8.0 * 1e12 / (22 * MS),
        total,
        2.0,
        "over the measured interval");
  }

  @Test
  void shouldDeliverNothingBeforeItsStartWhenAFlowStartsLate() {
    long end = 16 * MS;
    NetperfRun r = NetperfRun.run(kit, twoFlows("flow.1.startPs", "" + 6 * MS), 1, end);
    ModelResults res = r.results();
    for (int k = 0; k < 6; k++) {
      assertEquals(0, series(res, "flow1.goodputBitsPerSec", k), "flow 1 waits until 6 ms: " + k);
    }
    for (int k = 2; k < 6; k++) {
      double alone = series(res, "flow0.goodputBitsPerSec", k);
      assertEquals(LINE_GOODPUT, alone, LINE_GOODPUT * 0.02, "flow 0 alone at " + k);
    }
    assertTrue(
        series(res, "flow1.goodputBitsPerSec", 7) > 0.2 * LINE_GOODPUT, "flow 1 has started");
    long flow1Bytes = r.get(1, "flow1.measuredBytes");
    assertEquals(
        flow1Bytes * 8.0 * 1e12 / (10 * MS),
        r.result("flow1.goodputBitsPerSec"),
        1.0,
        "measured from its start, not from the warm-up's end");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "flow.2.startPs, 1000, no flow '2'",
    "flow.x.stopPs, 1000, no flow 'x'",
    "flow.01.startPs, 1000, no flow '01'",
    "flow.-1.stopPs, 1000, no flow '-1'",
    "flow.1.stopPs, 0, flow.1.stopPs must be within 1..",
    "flow.1.startPs, soon, flow.1.startPs must be an integer",
  })
  void shouldNameTheParameterWhenAFlowTimeIsBad(String name, String value, String message) {
    Map<String, String> p = twoFlows(name, value);
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertEquals(name, e.parameter());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void shouldRefuseAFlowThatStopsBeforeItStarts() {
    Map<String, String> p = twoFlows("flow.1.startPs", "5000", "flow.1.stopPs", "5000");
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertEquals("flow.1.stopPs", e.parameter());
    Map<String, String> late = twoFlows("flow.0.startPs", "20", "stopPs", "9", "warmupPs", "0");
    ModelParameterException startAfterStop =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(late));
    assertEquals("flow.0.startPs", startAfterStop.parameter());
  }

  @Test
  void shouldSuggestTheFlowParameterWhenItIsMisspelt() {
    Map<String, String> p = twoFlows("flow.1.startps", "5000");
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertEquals("flow.1.startps", e.parameter());
    assertTrue(
        e.getMessage()
            .startsWith(
                "unknown netperf-star parameter 'flow.1.startps', did you mean"
                    + " 'flow.1.startPs'?"),
        e.getMessage());
  }
}
