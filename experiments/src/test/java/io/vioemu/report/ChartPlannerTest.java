package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.results.ParsedReference;
import io.vioemu.results.Reference;
import io.vioemu.results.RunPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartPlannerTest {
  private static RunPoint point(int index, Map<String, String> swept, Map<String, String> results) {
    return new RunPoint(index, "p" + index, "1", swept, swept, results, Map.of());
  }

  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** messageBytes x io.iommu, goodput growing with the size. */
  private static List<RunPoint> sizesByIommu(String... sizes) {
    List<RunPoint> out = new ArrayList<>();
    for (String size : sizes) {
      for (String iommu : List.of("off", "strict")) {
        long g = Long.parseLong(size.replace("_", "")) * (iommu.equals("off") ? 1000 : 600);
        out.add(
            point(
                out.size(),
                map("messageBytes", size, "io.iommu", iommu),
                map("goodputBitsPerSec", Long.toString(g), "measuredPs", "5000")));
      }
    }
    return out;
  }

  @Test
  void shouldDrawALinePerOtherValueAgainstTheNumericParamWhenTheSweepHasOne() {
    List<ChartSpec> charts =
        ChartPlanner.sweepCharts(
            sizesByIommu("64", "1024", "65_536"), List.of("messageBytes", "io.iommu"), List.of());
    assertEquals(1, charts.size(), "measuredPs does not vary: not plotted");
    ChartSpec c = charts.get(0);
    assertEquals(ChartSpec.Kind.LINE, c.kind());
    assertEquals("messageBytes", c.xLabel());
    assertEquals("goodputBitsPerSec (Gb/s)", c.yLabel());
    assertEquals(
        List.of("io.iommu=off", "io.iommu=strict"),
        c.series().stream().map(ChartSpec.Series::label).toList());
    assertEquals(
        List.of(64.0, 1024.0, 65536.0),
        c.series().get(0).points().stream().map(ChartSpec.Point::x).toList());
    assertEquals(65536 * 1000 / 1e9, c.series().get(0).points().get(2).y(), 1e-12);
    assertTrue(c.logX(), "64 to 65536 spans more than two decades");
    assertEquals(2, c.logBase(), "powers of two");
  }

  @Test
  void shouldKeepALinearAxisWhenTheValuesSpanLessThanTwoDecades() {
    ChartSpec c =
        ChartPlanner.sweepCharts(
                sizesByIommu("100", "3000", "9_999"),
                List.of("messageBytes", "io.iommu"),
                List.of())
            .get(0);
    assertFalse(c.logX());
    ChartSpec log =
        ChartPlanner.sweepCharts(
                sizesByIommu("100", "3000", "10_000"),
                List.of("messageBytes", "io.iommu"),
                List.of())
            .get(0);
    assertTrue(log.logX());
    assertEquals(10, log.logBase());
  }

  @Test
  void shouldDrawBarsWhenEverySweptParamIsCategorical() {
    List<RunPoint> points =
        List.of(
            point(
                0,
                map("io.model", "bare-metal"),
                map("goodputBitsPerSec", "940", "vmExitsPerSec", "0")),
            point(
                1,
                map("io.model", "xen"),
                map("goodputBitsPerSec", "930", "vmExitsPerSec", "12000")));
    List<ChartSpec> charts = ChartPlanner.sweepCharts(points, List.of("io.model"), List.of());
    assertEquals(
        List.of("sweep-goodputBitsPerSec", "sweep-vmExitsPerSec"),
        charts.stream().map(ChartSpec::name).toList());
    ChartSpec c = charts.get(0);
    assertEquals(ChartSpec.Kind.BAR, c.kind());
    assertEquals(
        List.of("bare-metal", "xen"),
        c.series().get(0).points().stream().map(ChartSpec.Point::category).toList());
    assertFalse(c.hasLegend());
  }

  @Test
  void shouldDrawOneLineWhenTheOtherParamsAreZippedWithTheAxis() {
    List<RunPoint> points = new ArrayList<>();
    for (int n : new int[] {1, 2, 4, 8}) {
      points.add(
          point(
              points.size(),
              map("io.vmsPerHost", "" + n, "flowsPerHost", "" + n),
              map("jainIndex", "0.99")));
    }
    ChartSpec c =
        ChartPlanner.sweepCharts(points, List.of("io.vmsPerHost", "flowsPerHost"), List.of())
            .get(0);
    assertEquals(1, c.series().size());
    assertEquals(4, c.series().get(0).points().size());
    assertEquals("io.vmsPerHost (with flowsPerHost)", c.xLabel());
  }

  @Test
  void shouldAverageRepetitionsWhenPointsShareTheirParams() {
    List<RunPoint> points =
        List.of(
            point(0, map("rate", "1"), map("goodputBitsPerSec", "1000000000")),
            point(1, map("rate", "1"), map("goodputBitsPerSec", "3000000000")),
            point(2, map("rate", "2"), map("goodputBitsPerSec", "4000000000")));
    ChartSpec c = ChartPlanner.sweepCharts(points, List.of("rate"), List.of()).get(0);
    assertEquals(
        List.of(2.0, 4.0), c.series().get(0).points().stream().map(ChartSpec.Point::y).toList());
  }

  @Test
  void shouldPreferTheKnownMetricsThenVaryingOnesCappedWhenChoosing() {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      a.put("z" + i, "1");
      b.put("z" + i, "2");
    }
    a.putAll(
        map(
            "jainIndex",
            "1",
            "goodputBitsPerSec",
            "5",
            "cpuUtilization.server",
            "0.5",
            "constant",
            "3",
            "flow0.goodputBitsPerSec",
            "1",
            "label",
            "word"));
    b.putAll(
        map(
            "jainIndex",
            "1",
            "goodputBitsPerSec",
            "5",
            "cpuUtilization.server",
            "0.5",
            "constant",
            "3",
            "flow0.goodputBitsPerSec",
            "2",
            "label",
            "other"));
    List<String> chosen =
        ChartPlanner.chosenMetrics(List.of(point(0, Map.of(), a), point(1, Map.of(), b)));
    assertEquals(ChartPlanner.MAX_METRIC_CHARTS, chosen.size());
    assertEquals(
        List.of("goodputBitsPerSec", "cpuUtilization.server", "jainIndex", "z0", "z1"),
        chosen.subList(0, 5));
    assertFalse(
        chosen.contains("constant")
            || chosen.contains("flow0.goodputBitsPerSec")
            || chosen.contains("label"));
  }

  @Test
  void shouldDrawNoSweepChartWhenThereIsOnePoint() {
    assertTrue(
        ChartPlanner.sweepCharts(
                sizesByIommu("64").subList(0, 1), List.of("messageBytes"), List.of())
            .isEmpty());
  }

  @Test
  void shouldDrawABarPerFlowWhenASingleRunHasSeveralFlows() {
    RunPoint run =
        point(
            0,
            Map.of(),
            map(
                "flow10.goodputBitsPerSec",
                "1000000000",
                "flow2.goodputBitsPerSec",
                "2000000000",
                "goodputBitsPerSec",
                "3000000000"));
    ChartSpec c = ChartPlanner.flowChart(run).orElseThrow();
    assertEquals(
        List.of("flow2", "flow10"),
        c.series().get(0).points().stream().map(ChartSpec.Point::category).toList());
    assertTrue(
        ChartPlanner.flowChart(point(0, Map.of(), map("flow0.goodputBitsPerSec", "1"))).isEmpty());
  }

  @Test
  void shouldDrawTheReferenceRangeWhenAReferenceIsOnTheChartsMetric() {
    Reference r =
        new Reference(
            "line-rate",
            "",
            "s",
            "results.goodputBitsPerSec",
            Map.of(),
            Map.of(),
            Reference.Aggregate.EACH,
            new BigDecimal("9e9"),
            new BigDecimal("1e9"));
    ChartSpec c =
        ChartPlanner.sweepCharts(
                sizesByIommu("64", "128"),
                List.of("messageBytes", "io.iommu"),
                List.of(ParsedReference.of(r)))
            .get(0);
    assertEquals(List.of(new ChartSpec.Band("line-rate", 8.0, 10.0)), c.bands());
  }
}
