package io.vioemu.report;

import io.vioemu.report.ReferenceOutcome.Measurement;
import io.vioemu.report.ReferenceOutcome.Verdict;
import io.vioemu.results.ParsedReference;
import io.vioemu.results.Reference;
import io.vioemu.results.RunPoint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Evaluates a reference against the measured points: selects the points {@code where} matches,
 * computes each x (the metric, or its ratio to the baseline point's), aggregates, and compares with
 * the expected value. Anything missing makes the check not evaluable, never passed.
 */
final class ReferenceCheck {
  private ReferenceCheck() {}

  static ReferenceOutcome evaluate(ParsedReference parsed, List<RunPoint> points) {
    Reference r = parsed.reference();
    if (r == null) {
      return ReferenceOutcome.unusable(
          parsed.id(), parsed.description(), parsed.source(), parsed.problem());
    }
    List<RunPoint> selected = points.stream().filter(p -> matches(p, r.where())).toList();
    if (selected.isEmpty()) {
      String why =
          r.where().isEmpty() ? "there is no measured point" : "no point has " + describe(r);
      return outcome(r, List.of(), null, Verdict.NOT_EVALUABLE, why);
    }
    if (selected.stream().allMatch(p -> p.metric(r.metric()).isEmpty())) {
      return outcome(
          r,
          List.of(),
          null,
          Verdict.NOT_EVALUABLE,
          r.metric()
              + (selected.size() == 1 ? " is missing" : " is missing at every point checked"));
    }
    List<Measurement> measured = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (RunPoint p : selected) {
      Either x = x(r, p, points);
      if (x.problem != null) {
        missing.add(x.problem);
      } else {
        measured.add(new Measurement(p.label(), x.value, r.accepts(x.value)));
      }
    }
    if (!missing.isEmpty()) {
      return outcome(r, measured, null, Verdict.NOT_EVALUABLE, String.join("; ", missing));
    }
    return r.aggregate() == Reference.Aggregate.EACH ? each(r, measured) : aggregated(r, measured);
  }

  private static ReferenceOutcome each(Reference r, List<Measurement> measured) {
    List<Measurement> outside = measured.stream().filter(m -> !m.within()).toList();
    if (measured.size() == 1) {
      Measurement m = measured.get(0);
      return outcome(
          r,
          measured,
          null,
          m.within() ? Verdict.PASS : Verdict.FAIL,
          "the value "
              + Numbers.display(m.x())
              + (m.within() ? " is within " : " is outside ")
              + expectation(r));
    }
    String n = count(measured.size());
    if (outside.isEmpty()) {
      return outcome(r, measured, null, Verdict.PASS, "all " + n + " are within " + expectation(r));
    }
    String which =
        outside.stream()
            .map(m -> Numbers.display(m.x()) + " at " + m.point())
            .collect(Collectors.joining(", "));
    return outcome(
        r,
        measured,
        null,
        Verdict.FAIL,
        outside.size() + " of " + n + " are outside " + expectation(r) + ": " + which);
  }

  private static ReferenceOutcome aggregated(Reference r, List<Measurement> measured) {
    List<BigDecimal> xs = measured.stream().map(Measurement::x).toList();
    BigDecimal a =
        switch (r.aggregate()) {
          case MIN -> xs.stream().min(Comparator.naturalOrder()).orElseThrow();
          case MAX -> xs.stream().max(Comparator.naturalOrder()).orElseThrow();
          default ->
              xs.stream()
                  .reduce(BigDecimal.ZERO, BigDecimal::add)
                  .divide(BigDecimal.valueOf(xs.size()), MathContext.DECIMAL64);
        };
    boolean pass = r.accepts(a);
    return outcome(
        r,
        measured,
        a,
        pass ? Verdict.PASS : Verdict.FAIL,
        r.aggregate().word()
            + " of "
            + count(xs.size())
            + " = "
            + Numbers.display(a)
            + (pass ? ", within " : ", outside ")
            + expectation(r));
  }

  /** x at one point: the metric, or the metric over the baseline point's; or why there is none. */
  private static Either x(Reference r, RunPoint p, List<RunPoint> points) {
    Either v = value(p, r.metric());
    if (v.problem != null || r.relativeTo().isEmpty()) {
      return v;
    }
    Either base = baseline(p, r.relativeTo(), points);
    if (base.problem != null) {
      return base;
    }
    RunPoint b = base.point;
    Either bv = value(b, r.metric());
    if (bv.problem != null) {
      return Either.problem(bv.problem + " (the baseline of " + p.label() + ")");
    }
    if (bv.value.signum() == 0) {
      return Either.problem(
          r.metric() + " is 0 at " + b.label() + ", the baseline of " + p.label());
    }
    return Either.of(v.value.divide(bv.value, MathContext.DECIMAL64));
  }

  private static Either value(RunPoint p, String metric) {
    Optional<String> raw = p.metric(metric);
    if (raw.isEmpty()) {
      return Either.problem(p.label() + " has no " + metric);
    }
    return Numbers.parse(raw.get())
        .map(Either::of)
        .orElseGet(
            () ->
                Either.problem(
                    metric + " is '" + raw.get() + "' at " + p.label() + ", not a number"));
  }

  /**
   * The point with {@code p}'s params except the keys of {@code relativeTo}, which take its values;
   * among several (repetitions), the one with {@code p}'s seed.
   */
  private static Either baseline(RunPoint p, Map<String, String> relativeTo, List<RunPoint> all) {
    Map<String, String> wanted = new LinkedHashMap<>();
    p.params().keySet().forEach(k -> wanted.put(k, p.param(k).orElseThrow()));
    wanted.putAll(relativeTo);
    List<RunPoint> candidates = all.stream().filter(q -> hasExactly(q, wanted)).toList();
    List<RunPoint> sameSeed =
        candidates.stream().filter(q -> Objects.equals(q.seed(), p.seed())).toList();
    if (sameSeed.size() == 1) {
      return Either.of(sameSeed.get(0));
    }
    if (candidates.size() == 1) {
      return Either.of(candidates.get(0));
    }
    String which = describeValues(relativeTo);
    if (candidates.isEmpty()) {
      return Either.problem(
          p.label() + " has no baseline point (same parameters but " + which + ")");
    }
    return Either.problem(
        p.label() + " has " + candidates.size() + " baseline points with " + which);
  }

  private static boolean hasExactly(RunPoint q, Map<String, String> wanted) {
    if (!q.params().keySet().equals(wanted.keySet())) {
      return false;
    }
    return wanted.entrySet().stream()
        .allMatch(e -> q.param(e.getKey()).orElseThrow().equals(e.getValue()));
  }

  private static boolean matches(RunPoint p, Map<String, List<String>> where) {
    return where.entrySet().stream()
        .allMatch(e -> p.param(e.getKey()).map(v -> e.getValue().contains(v)).orElse(false));
  }

  private static ReferenceOutcome outcome(
      Reference r,
      List<Measurement> measured,
      BigDecimal aggregated,
      Verdict verdict,
      String explanation) {
    return new ReferenceOutcome(
        r.id(),
        r.description(),
        r.source(),
        r.metric(),
        comparison(r),
        r.aggregate().word(),
        r.value(),
        r.tolerance(),
        measured,
        aggregated,
        verdict,
        explanation);
  }

  /** How x is computed, in words. */
  static String comparison(Reference r) {
    return r.relativeTo().isEmpty()
        ? r.metric()
        : r.metric() + " relative to the point with " + describeValues(r.relativeTo());
  }

  private static String describe(Reference r) {
    return r.where().entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + (e.getValue().size() == 1
                        ? "=" + e.getValue().get(0)
                        : " in [" + String.join(", ", e.getValue()) + "]"))
        .collect(Collectors.joining(" and "));
  }

  private static String describeValues(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static String expectation(Reference r) {
    return Numbers.display(r.value()) + " \u00b1 " + Numbers.display(r.tolerance());
  }

  private static String count(int n) {
    return n + (n == 1 ? " value" : " values");
  }

  /** A value, a baseline point, or why there is none. */
  private static final class Either {
    final BigDecimal value;
    final RunPoint point;
    final String problem;

    private Either(BigDecimal value, RunPoint point, String problem) {
      this.value = value;
      this.point = point;
      this.problem = problem;
    }

    static Either of(BigDecimal value) {
      return new Either(value, null, null);
    }

    static Either of(RunPoint point) {
      return new Either(null, point, null);
    }

    static Either problem(String why) {
      return new Either(null, null, why);
    }
  }
}
