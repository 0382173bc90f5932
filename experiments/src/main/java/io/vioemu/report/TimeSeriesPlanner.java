package io.vioemu.report;

import io.vioemu.report.ChartSpec.Kind;
import io.vioemu.report.ChartSpec.Point;
import io.vioemu.report.ChartSpec.Series;
import io.vioemu.results.RunDirectory;
import io.vioemu.results.SeriesRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/** The charts of timeseries.csv: values over time, in milliseconds. */
final class TimeSeriesPlanner {
  static final int MAX_CHARTS = 6;

  /** Per-flow time series are drawn for the first few points only. */
  static final int MAX_FLOW_SERIES_POINTS = 4;

  private TimeSeriesPlanner() {}

  /**
   * One chart per aggregate series (a line per point), then per-flow series of the first points (a
   * line per flow).
   */
  static List<ChartSpec> charts(RunDirectory run) {
    Map<String, Map<Integer, List<Point>>> aggregate = new LinkedHashMap<>();
    Map<String, Map<Integer, Map<Integer, List<Point>>>> flows = new LinkedHashMap<>();
    for (SeriesRow row : run.series()) {
      Matcher m = ChartPlanner.FLOW_KEY.matcher(row.series());
      String metric = m.matches() ? m.group(2) : row.series();
      Point pt = new Point("", row.tPs() / 1e9, MetricUnit.of(metric).scale(row.value()));
      if (m.matches()) {
        flows
            .computeIfAbsent(metric, k -> new TreeMap<>())
            .computeIfAbsent(row.point(), k -> new TreeMap<>())
            .computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
            .add(pt);
      } else {
        aggregate
            .computeIfAbsent(row.series(), k -> new TreeMap<>())
            .computeIfAbsent(row.point(), k -> new ArrayList<>())
            .add(pt);
      }
    }
    List<ChartSpec> charts = new ArrayList<>();
    aggregate.forEach(
        (name, byPoint) -> {
          List<Series> series = new ArrayList<>();
          byPoint.forEach((p, pts) -> series.add(new Series(label(run, p), sorted(pts))));
          charts.add(
              chart(
                  "timeseries-" + ChartPlanner.fileStem(name), name + " over time", name, series));
        });
    flows.forEach(
        (metric, byPoint) ->
            byPoint.entrySet().stream()
                .limit(MAX_FLOW_SERIES_POINTS)
                .forEach(
                    e -> {
                      List<Series> series = new ArrayList<>();
                      e.getValue()
                          .forEach((f, pts) -> series.add(new Series("flow" + f, sorted(pts))));
                      String suffix = run.isSweep() ? " at " + label(run, e.getKey()) : "";
                      String stem = run.isSweep() ? "-p" + e.getKey() : "";
                      charts.add(
                          chart(
                              "timeseries-flows-" + ChartPlanner.fileStem(metric) + stem,
                              metric + " per flow over time" + suffix,
                              metric,
                              series));
                    }));
    return charts.subList(0, Math.min(charts.size(), MAX_CHARTS));
  }

  private static List<Point> sorted(List<Point> pts) {
    List<Point> out = new ArrayList<>(pts);
    out.sort(Comparator.comparingDouble(Point::x));
    return out;
  }

  private static String label(RunDirectory run, int point) {
    return point < run.points().size() ? run.points().get(point).label() : "point " + point;
  }

  private static ChartSpec chart(String name, String title, String metric, List<Series> s) {
    return new ChartSpec(
        name,
        title,
        "time (ms)",
        MetricUnit.of(metric).label(metric),
        Kind.LINE,
        false,
        10,
        s,
        List.of());
  }
}
