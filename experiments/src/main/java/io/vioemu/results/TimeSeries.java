package io.vioemu.results;

import io.vioemu.fabric.kernel.ModelResults;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code timeseries.csv}: every point's time series, one row per interval, so that metrics.json
 * stays small. Rows go by point, then series name, then time; {@code tPs} is the interval's start.
 */
final class TimeSeries {
  static final List<String> HEADER = List.of("point", "series", "tPs", "value");

  private TimeSeries() {}

  /** Whether any point has a series: without one, a run writes no timeseries.csv. */
  static boolean any(RunRecord run) {
    return run.points().stream().anyMatch(p -> !p.results().series().isEmpty());
  }

  /** The file: the header, then each point's rows. */
  static String csv(RunRecord run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (PointResult p : run.points()) {
      rows.addAll(rows(p.index(), p.results()));
    }
    return Csv.write(rows);
  }

  /** One point's rows: its series in name order, each interval in time order. */
  static List<List<String>> rows(int point, ModelResults results) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, ModelResults.Series> s : results.series().entrySet()) {
      List<BigDecimal> values = s.getValue().values();
      for (int k = 0; k < values.size(); k++) {
        rows.add(
            List.of(
                Integer.toString(point),
                s.getKey(),
                Long.toString(s.getValue().startPs(k)),
                values.get(k).toPlainString()));
      }
    }
    return rows;
  }
}
