package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.report.ReferenceOutcome.Verdict;
import io.vioemu.results.ParsedReference;
import io.vioemu.results.Reference;
import io.vioemu.results.RunPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceCheckTest {
  /** A sweep point: messageBytes x io.iommu, goodput as given, shared params as a runner writes. */
  private static RunPoint point(int index, String bytes, String iommu, String goodput) {
    return point(index, bytes, iommu, goodput, "1");
  }

  private static RunPoint point(
      int index, String bytes, String iommu, String goodput, String seed) {
    Map<String, String> swept = new LinkedHashMap<>();
    swept.put("messageBytes", bytes);
    swept.put("io.iommu", iommu);
    Map<String, String> all = new LinkedHashMap<>(Map.of("hosts", "2", "warmupPs", "1_000"));
    all.putAll(swept);
    Map<String, String> results = new LinkedHashMap<>();
    if (goodput != null) {
      results.put("goodputBitsPerSec", goodput);
    }
    return new RunPoint(
        index,
        "messageBytes=" + bytes + " io.iommu=" + iommu + " seed=" + seed,
        seed,
        swept,
        all,
        results,
        Map.of("1", Map.of("rxFrames", "40")));
  }

  /** The price-of-safety shape: strict loses 40% at 64 B and 10% at 64 KiB. */
  private static List<RunPoint> sweep() {
    return List.of(
        point(0, "64", "off", "1000"),
        point(1, "64", "strict", "600"),
        point(2, "65_536", "off", "8000"),
        point(3, "65_536", "strict", "7200"));
  }

  private static Reference ref(
      Map<String, List<String>> where,
      Map<String, String> relativeTo,
      Reference.Aggregate aggregate,
      String value,
      String tolerance) {
    return ref("results.goodputBitsPerSec", where, relativeTo, aggregate, value, tolerance);
  }

  private static Reference ref(
      String metric,
      Map<String, List<String>> where,
      Map<String, String> relativeTo,
      Reference.Aggregate aggregate,
      String value,
      String tolerance) {
    return new Reference(
        "r",
        "d",
        "s",
        metric,
        where,
        relativeTo,
        aggregate,
        new BigDecimal(value),
        new BigDecimal(tolerance));
  }

  private static ReferenceOutcome check(Reference r, List<RunPoint> points) {
    return ReferenceCheck.evaluate(ParsedReference.of(r), points);
  }

  private static List<String> xs(ReferenceOutcome o) {
    List<String> out = new ArrayList<>();
    o.measured().forEach(m -> out.add(Numbers.display(m.x())));
    return out;
  }

  @Test
  void shouldDivideByTheBaselinePointWhenRelativeToIsGiven() {
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "0.75",
                "0.2"),
            sweep());
    assertEquals(List.of("0.6", "0.9"), xs(o));
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
    assertTrue(o.comparison().contains("relative to the point with io.iommu=off"), o.comparison());
  }

  @Test
  void shouldFailEachWhenOneValueIsOutsideAndNameIt() {
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "0.9",
                "0.05"),
            sweep());
    assertEquals(Verdict.FAIL, o.verdict());
    assertTrue(
        o.explanation().startsWith("1 of 2 values are outside 0.9 \u00b1 0.05"), o.explanation());
    assertTrue(
        o.explanation().contains("0.6 at messageBytes=64 io.iommu=strict seed=1"), o.explanation());
    assertEquals(List.of(false, true), o.measured().stream().map(m -> m.within()).toList());
  }

  @Test
  void shouldCompareTheMinimumWhenAggregateIsMin() {
    Reference r =
        ref(
            Map.of("io.iommu", List.of("strict")),
            Map.of("io.iommu", "off"),
            Reference.Aggregate.MIN,
            "0.55",
            "0.1");
    ReferenceOutcome o = check(r, sweep());
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
    assertEquals("0.6", Numbers.display(o.aggregated()));
    assertTrue(o.explanation().startsWith("min of 2 values = 0.6, within"), o.explanation());
  }

  @Test
  void shouldCompareTheMaximumWhenAggregateIsMax() {
    ReferenceOutcome o =
        check(ref(Map.of(), Map.of(), Reference.Aggregate.MAX, "8000", "0"), sweep());
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
    assertEquals("8000", Numbers.display(o.aggregated()));
    ReferenceOutcome below =
        check(ref(Map.of(), Map.of(), Reference.Aggregate.MAX, "7999", "0.5"), sweep());
    assertEquals(Verdict.FAIL, below.verdict(), below.explanation());
  }

  @Test
  void shouldCompareTheMeanWhenAggregateIsMean() {
    ReferenceOutcome o =
        check(ref(Map.of(), Map.of(), Reference.Aggregate.MEAN, "4200", "0"), sweep());
    assertEquals("4200", Numbers.display(o.aggregated()));
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
    assertEquals(4, o.measured().size());
  }

  @Test
  void shouldPassAtExactlyTheToleranceAndFailJustBeyondIt() {
    List<RunPoint> one = List.of(point(0, "64", "off", "0.7"));
    assertEquals(
        Verdict.PASS,
        check(ref(Map.of(), Map.of(), Reference.Aggregate.EACH, "0.55", "0.15"), one).verdict());
    assertEquals(
        Verdict.PASS,
        check(ref(Map.of(), Map.of(), Reference.Aggregate.EACH, "0.85", "0.15"), one).verdict());
    assertEquals(
        Verdict.FAIL,
        check(ref(Map.of(), Map.of(), Reference.Aggregate.EACH, "0.55", "0.1499999"), one)
            .verdict());
    assertEquals(
        Verdict.PASS,
        check(ref(Map.of(), Map.of(), Reference.Aggregate.EACH, "0.7", "0"), one).verdict());
  }

  @Test
  void shouldBeNotEvaluableWhenABaselineIsMissing() {
    List<RunPoint> noOff =
        List.of(
            point(0, "64", "off", "1000"),
            point(1, "64", "strict", "600"),
            point(2, "128", "strict", "700"));
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.MIN,
                "0.6",
                "0.5"),
            noOff);
    assertEquals(Verdict.NOT_EVALUABLE, o.verdict());
    assertTrue(
        o.explanation().contains("messageBytes=128 io.iommu=strict seed=1 has no baseline"),
        o.explanation());
    assertNull(o.aggregated());
    assertEquals(List.of("0.6"), xs(o), "the x's that could be measured are still shown");
  }

  @Test
  void shouldBeNotEvaluableWhenTheMetricIsMissingOrNotANumber() {
    List<RunPoint> points =
        List.of(
            point(0, "64", "off", null),
            point(1, "128", "off", "NaN?"),
            point(2, "256", "off", "5"));
    ReferenceOutcome missing =
        check(
            ref(
                Map.of("messageBytes", List.of("64")),
                Map.of(),
                Reference.Aggregate.EACH,
                "1",
                "1"),
            points);
    assertEquals(Verdict.NOT_EVALUABLE, missing.verdict());
    assertEquals("results.goodputBitsPerSec is missing", missing.explanation());
    ReferenceOutcome partly =
        check(
            ref(
                Map.of("messageBytes", List.of("64", "256")),
                Map.of(),
                Reference.Aggregate.MEAN,
                "5",
                "1"),
            points);
    assertEquals(Verdict.NOT_EVALUABLE, partly.verdict(), "never a pass over what is there");
    assertEquals(
        "messageBytes=64 io.iommu=off seed=1 has no results.goodputBitsPerSec",
        partly.explanation());
    assertEquals(List.of("5"), xs(partly));
    ReferenceOutcome text =
        check(
            ref(
                Map.of("messageBytes", List.of("128")),
                Map.of(),
                Reference.Aggregate.EACH,
                "1",
                "1"),
            points);
    assertEquals(Verdict.NOT_EVALUABLE, text.verdict());
    assertTrue(text.explanation().contains("not a number"), text.explanation());
  }

  @Test
  void shouldBeNotEvaluableWhenTheBaselineIsZero() {
    List<RunPoint> points = List.of(point(0, "64", "off", "0"), point(1, "64", "strict", "5"));
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "1",
                "1"),
            points);
    assertEquals(Verdict.NOT_EVALUABLE, o.verdict());
    assertTrue(o.explanation().contains("is 0 at"), o.explanation());
  }

  @Test
  void shouldBeNotEvaluableWhenNoPointMatchesWhere() {
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("deferred")),
                Map.of(),
                Reference.Aggregate.EACH,
                "1",
                "1"),
            sweep());
    assertEquals(Verdict.NOT_EVALUABLE, o.verdict());
    assertEquals("no point has io.iommu=deferred", o.explanation());
  }

  @Test
  void shouldMatchNumbersHoweverTheyAreSpelledWhenSelectingPoints() {
    ReferenceOutcome o =
        check(
            ref(
                Map.of("messageBytes", List.of("65536", "99"), "io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "0.9",
                "0.001"),
            sweep());
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
    assertEquals(List.of("0.9"), xs(o));
  }

  @Test
  void shouldEvaluateASingleRunAsOnePointWithTheFilesParams() {
    RunPoint run =
        new RunPoint(
            0,
            "run",
            "3",
            Map.of(),
            Map.of("hosts", "3", "tcp.congestion", "cubic"),
            Map.of("jainIndex", "0.999829"),
            Map.of("8", Map.of("port8.drops", "12")));
    ReferenceOutcome pass =
        check(
            ref(
                "results.jainIndex",
                Map.of("tcp.congestion", List.of("cubic")),
                Map.of(),
                Reference.Aggregate.EACH,
                "1",
                "0.01"),
            List.of(run));
    assertEquals(Verdict.PASS, pass.verdict(), pass.explanation());
    assertEquals("the value 0.999829 is within 1 \u00b1 0.01", pass.explanation());
    ReferenceOutcome entity =
        check(
            ref("entities.8.port8.drops", Map.of(), Map.of(), Reference.Aggregate.EACH, "0", "5"),
            List.of(run));
    assertEquals(Verdict.FAIL, entity.verdict(), entity.explanation());
    assertEquals(List.of("12"), xs(entity));
    ReferenceOutcome relative =
        check(
            ref(
                "results.jainIndex",
                Map.of(),
                Map.of("tcp.congestion", "reno"),
                Reference.Aggregate.EACH,
                "1",
                "0.1"),
            List.of(run));
    assertEquals(Verdict.NOT_EVALUABLE, relative.verdict());
    assertTrue(
        relative.explanation().contains("run has no baseline point"), relative.explanation());
  }

  @Test
  void shouldPickTheBaselineWithTheSameSeedWhenTheSweepRepeats() {
    List<RunPoint> points =
        List.of(
            point(0, "64", "off", "1000", "1"),
            point(1, "64", "off", "500", "2"),
            point(2, "64", "strict", "600", "1"),
            point(3, "64", "strict", "400", "2"));
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "0.7",
                "0.1"),
            points);
    assertEquals(List.of("0.6", "0.8"), xs(o));
    assertEquals(Verdict.PASS, o.verdict(), o.explanation());
  }

  @Test
  void shouldBeNotEvaluableWhenTheBaselineIsAmbiguous() {
    List<RunPoint> points =
        List.of(
            point(0, "64", "off", "1000", "1"),
            point(1, "64", "off", "500", "2"),
            point(2, "64", "strict", "600", "3"));
    ReferenceOutcome o =
        check(
            ref(
                Map.of("io.iommu", List.of("strict")),
                Map.of("io.iommu", "off"),
                Reference.Aggregate.EACH,
                "0.7",
                "0.1"),
            points);
    assertEquals(Verdict.NOT_EVALUABLE, o.verdict());
    assertTrue(o.explanation().contains("2 baseline points"), o.explanation());
  }

  @Test
  void shouldReportTheProblemWhenTheEntryIsUnusable() {
    ReferenceOutcome o =
        ReferenceCheck.evaluate(
            ParsedReference.invalid("x", "", "", "unusable check: it has no 'source'"), sweep());
    assertEquals(Verdict.NOT_EVALUABLE, o.verdict());
    assertEquals("unusable check: it has no 'source'", o.explanation());
    assertEquals("", o.expectation());
  }
}
