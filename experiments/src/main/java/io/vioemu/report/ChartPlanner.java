package io.vioemu.report;

import io.vioemu.report.ChartSpec.Band;
import io.vioemu.report.ChartSpec.Kind;
import io.vioemu.report.ChartSpec.Point;
import io.vioemu.report.ChartSpec.Series;
import io.vioemu.results.ParsedReference;
import io.vioemu.results.Reference;
import io.vioemu.results.RunDirectory;
import io.vioemu.results.RunPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides which charts a run deserves: for a sweep, each chosen metric against the swept parameter
 * (lines for a numeric one, bars for a categorical one); for a single run, goodput per flow; and
 * the time series, when the run wrote any.
 */
final class ChartPlanner {
  /** More charts than this buries the interesting ones. */
  static final int MAX_METRIC_CHARTS = 8;

  /** The metrics that answer the questions the experiments ask, in the order they are shown. */
  static final List<String> PREFERRED =
      List.of(
          "goodputBitsPerSec",
          "cpuUtilization.*",
          "cyclesPerByte.*",
          "vmExitsPerSec",
          "interruptsPerSec",
          "transactionsPerSec",
          "jainIndex");

  static final Pattern FLOW_KEY = Pattern.compile("flow(\\d+)\\.(.+)");

  private ChartPlanner() {}

  static List<ChartSpec> plan(RunDirectory run, List<ParsedReference> references) {
    List<ChartSpec> charts = new ArrayList<>();
    if (run.isSweep()) {
      charts.addAll(sweepCharts(run.points(), sweptNames(run), references));
    } else {
      flowChart(run.points().get(0)).ifPresent(charts::add);
    }
    charts.addAll(TimeSeriesPlanner.charts(run));
    return unique(charts);
  }

  /** File stems must differ: {@code a/b} and {@code a-b} would both be {@code a-b}. */
  private static List<ChartSpec> unique(List<ChartSpec> charts) {
    Set<String> taken = new HashSet<>();
    List<ChartSpec> out = new ArrayList<>();
    for (ChartSpec c : charts) {
      String name = c.name();
      for (int i = 2; !taken.add(name); i++) {
        name = c.name() + "-" + i;
      }
      out.add(c.withName(name));
    }
    return out;
  }

  // ---- sweeps

  private static List<String> sweptNames(RunDirectory run) {
    Set<String> names = new LinkedHashSet<>(run.sweep().params());
    run.points().forEach(p -> names.addAll(p.swept().keySet()));
    return List.copyOf(names);
  }

  static List<ChartSpec> sweepCharts(
      List<RunPoint> points, List<String> swept, List<ParsedReference> references) {
    if (points.size() < 2) {
      return List.of();
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String name : swept) {
      List<String> distinct =
          points.stream()
              .map(p -> p.param(name).orElse(""))
              .distinct()
              .collect(Collectors.toList());
      if (distinct.size() >= 2) {
        values.put(name, distinct);
      }
    }
    if (values.isEmpty()) {
      return List.of();
    }
    List<String> numeric =
        values.keySet().stream()
            .filter(n -> values.get(n).stream().allMatch(v -> ParamValues.number(v).isPresent()))
            .toList();
    // The numeric parameter with the most values (the first on a tie) is the x axis; without
    // one, the first swept parameter gives the bars' categories.
    List<String> candidates =
        numeric.isEmpty() ? List.of(values.keySet().iterator().next()) : numeric;
    int most = candidates.stream().mapToInt(n -> values.get(n).size()).max().orElseThrow();
    String x =
        candidates.stream().filter(n -> values.get(n).size() == most).findFirst().orElseThrow();
    List<String> others = new ArrayList<>(values.keySet());
    others.remove(x);
    String xLabel = x;
    if (!others.isEmpty() && determinedBy(points, x, others)) {
      xLabel = x + " (with " + String.join(", ", others) + ")";
      others = List.of();
    }
    Axis axis = new Axis(x, xLabel, others, !numeric.isEmpty());
    List<ChartSpec> charts = new ArrayList<>();
    for (String metric : chosenMetrics(points)) {
      ChartSpec chart = metricChart(points, axis, values.get(x), metric, references);
      if (chart != null) {
        charts.add(chart);
      }
    }
    return charts;
  }

  /** The x axis of a sweep chart; {@code others} split the points into series. */
  private record Axis(String param, String label, List<String> others, boolean numeric) {}

  /** True when each value of {@code x} comes with one value of the others (a zipped sweep). */
  private static boolean determinedBy(List<RunPoint> points, String x, List<String> others) {
    Map<String, Set<String>> seen = new TreeMap<>();
    for (RunPoint p : points) {
      seen.computeIfAbsent(p.param(x).orElse(""), k -> new TreeSet<>()).add(group(p, others));
    }
    return seen.values().stream().allMatch(s -> s.size() == 1);
  }

  private static String group(RunPoint p, List<String> others) {
    return others.stream()
        .map(n -> n + "=" + p.param(n).orElse(""))
        .collect(Collectors.joining(" "));
  }

  private static ChartSpec metricChart(
      List<RunPoint> points,
      Axis axis,
      List<String> xValues,
      String metric,
      List<ParsedReference> references) {
    MetricUnit unit = MetricUnit.of(metric);
    Map<String, Map<String, List<Double>>> byGroup = new LinkedHashMap<>();
    for (RunPoint p : points) {
      OptionalDouble y = numeric(p.results().get(metric));
      if (y.isPresent()) {
        byGroup
            .computeIfAbsent(group(p, axis.others()), k -> new LinkedHashMap<>())
            .computeIfAbsent(p.param(axis.param()).orElse(""), k -> new ArrayList<>())
            .add(unit.scale(y.getAsDouble()));
      }
    }
    if (byGroup.isEmpty()) {
      return null;
    }
    List<Series> series = new ArrayList<>();
    List<Double> xs = new ArrayList<>();
    byGroup.forEach(
        (group, ys) -> {
          List<Point> pts = new ArrayList<>();
          for (String xv : xValues) {
            if (ys.containsKey(xv)) {
              double mean =
                  ys.get(xv).stream().mapToDouble(Double::doubleValue).average().orElse(0);
              double xd = axis.numeric() ? ParamValues.number(xv).orElseThrow().doubleValue() : 0;
              pts.add(new Point(axis.numeric() ? "" : xv, xd, mean));
              xs.add(xd);
            }
          }
          if (axis.numeric()) {
            pts.sort(Comparator.comparingDouble(Point::x));
          }
          series.add(new Series(group.isEmpty() ? metric : group, pts));
        });
    boolean log = axis.numeric() && spansDecades(xs);
    return new ChartSpec(
        "sweep-" + fileStem(metric),
        metric + (axis.numeric() ? " vs " : " by ") + axis.param(),
        axis.label(),
        unit.label(metric),
        axis.numeric() ? Kind.LINE : Kind.BAR,
        log,
        log && xs.stream().allMatch(ChartPlanner::powerOfTwo) ? 2 : 10,
        series,
        bands(metric, unit, references));
  }

  /** At least two decades: message sizes, VM counts from 1 to 100. */
  static boolean spansDecades(List<Double> xs) {
    double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return min > 0 && max / min >= 100;
  }

  private static boolean powerOfTwo(double x) {
    long n = (long) x;
    return n == x && n > 0 && (n & (n - 1)) == 0;
  }

  /** References on this metric's absolute value, drawn as their expected range. */
  private static List<Band> bands(
      String metric, MetricUnit unit, List<ParsedReference> references) {
    List<Band> bands = new ArrayList<>();
    for (ParsedReference pr : references) {
      Reference r = pr.reference();
      if (r != null && r.relativeTo().isEmpty() && r.metric().equals("results." + metric)) {
        BigDecimal low = r.value().subtract(r.tolerance());
        BigDecimal high = r.value().add(r.tolerance());
        bands.add(new Band(r.id(), unit.scale(low.doubleValue()), unit.scale(high.doubleValue())));
      }
    }
    return bands;
  }

  /**
   * The preferred metrics the points have, then any other numeric result that varies between points
   * (per-flow results left out: they are many and the table lists them).
   */
  static List<String> chosenMetrics(List<RunPoint> points) {
    Set<String> keys = new TreeSet<>();
    points.forEach(p -> keys.addAll(p.results().keySet()));
    keys.removeIf(k -> points.stream().noneMatch(p -> numeric(p.results().get(k)).isPresent()));
    List<String> chosen = new ArrayList<>();
    for (String wanted : PREFERRED) {
      for (String k : keys) {
        boolean match =
            wanted.endsWith("*")
                ? k.startsWith(wanted.substring(0, wanted.length() - 1))
                : k.equals(wanted);
        if (match && !chosen.contains(k)) {
          chosen.add(k);
        }
      }
    }
    for (String k : keys) {
      if (!chosen.contains(k) && !FLOW_KEY.matcher(k).matches() && varies(points, k)) {
        chosen.add(k);
      }
    }
    return chosen.subList(0, Math.min(chosen.size(), MAX_METRIC_CHARTS));
  }

  private static boolean varies(List<RunPoint> points, String key) {
    return points.stream()
            .map(p -> Numbers.parse(p.results().get(key)).map(ParamValues::plain).orElse(""))
            .distinct()
            .count()
        > 1;
  }

  // ---- single runs

  /** Goodput per flow, when a single run has several flows: fairness at a glance. */
  static Optional<ChartSpec> flowChart(RunPoint run) {
    Map<Integer, Double> byFlow = new TreeMap<>();
    MetricUnit unit = MetricUnit.of("goodputBitsPerSec");
    run.results()
        .forEach(
            (k, v) -> {
              Matcher m = FLOW_KEY.matcher(k);
              OptionalDouble y = numeric(v);
              if (m.matches() && m.group(2).equals("goodputBitsPerSec") && y.isPresent()) {
                byFlow.put(Integer.parseInt(m.group(1)), unit.scale(y.getAsDouble()));
              }
            });
    if (byFlow.size() < 2) {
      return Optional.empty();
    }
    List<Point> pts = new ArrayList<>();
    byFlow.forEach((flow, y) -> pts.add(new Point("flow" + flow, 0, y)));
    return Optional.of(
        new ChartSpec(
            "flows-goodputBitsPerSec",
            "goodputBitsPerSec per flow",
            "flow",
            unit.label("goodputBitsPerSec"),
            Kind.BAR,
            false,
            10,
            List.of(new Series("goodputBitsPerSec", pts)),
            List.of()));
  }

  // ---- helpers

  static OptionalDouble numeric(String value) {
    Optional<BigDecimal> n = Numbers.parse(value);
    return n.isPresent() ? OptionalDouble.of(n.get().doubleValue()) : OptionalDouble.empty();
  }

  /** A name safe in a file name and an XML id: letters, digits, dot, dash. */
  static String fileStem(String name) {
    return name.replaceAll("[^A-Za-z0-9.-]", "-");
  }
}
