package io.vioemu.results;

import io.vioemu.runner.ExperimentRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model's time series, moved out of its results into {@code timeseries.csv} so that metrics.json
 * stays small. A model reports series value {@code k} of series {@code NAME} (the value for the
 * interval {@code [k*I, (k+1)*I)}) as result {@code series.NAME.k}, and the interval {@code I} as
 * {@code series.intervalPs}.
 */
public final class TimeSeries {
  static final String PREFIX = "series.";
  static final String INTERVAL_KEY = "series.intervalPs";
  static final String INTERVAL_PARAM = "seriesIntervalPs";
  static final String HEADER = "point,series,tPs,value\n";

  /** The rows of every point sorted by point, then series name, then time. */
  static final Comparator<Row> ORDER =
      Comparator.comparingInt(Row::point).thenComparing(Row::series).thenComparingLong(Row::tPs);

  private TimeSeries() {}

  /** One value of one series: {@code tPs} is the start of its interval. */
  public record Row(int point, String series, long tPs, String value) {}

  /** The results without any {@code series.*} key. */
  public static SortedMap<String, String> withoutSeries(SortedMap<String, String> results) {
    SortedMap<String, String> rest = new TreeMap<>(results);
    rest.keySet().removeIf(k -> k.startsWith(PREFIX));
    return rest;
  }

  /**
   * The series values of one point. The interval is the model's {@code series.intervalPs}, else the
   * point's {@code seriesIntervalPs} parameter; with neither, {@code tPs} holds the index {@code
   * k}. A {@code series.*} key without a numeric index (such as the interval itself) is no row.
   */
  public static List<Row> rows(
      int point, SortedMap<String, String> results, Map<String, String> params) {
    long intervalPs = interval(results.get(INTERVAL_KEY), params.get(INTERVAL_PARAM));
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> r : results.tailMap(PREFIX).entrySet()) {
      String key = r.getKey();
      if (!key.startsWith(PREFIX)) {
        break;
      }
      int dot = key.lastIndexOf('.');
      String index = key.substring(dot + 1);
      if (dot <= PREFIX.length() || !isIndex(index)) {
        continue;
      }
      long k = Long.parseLong(index);
      rows.add(new Row(point, key.substring(PREFIX.length(), dot), k * intervalPs, r.getValue()));
    }
    rows.sort(ORDER);
    return rows;
  }

  /** {@code timeseries.csv}: the header, then the rows in {@link #ORDER}. */
  public static String csv(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(ORDER);
    StringBuilder out = new StringBuilder(HEADER);
    for (Row r : sorted) {
      out.append(r.point())
          .append(',')
          .append(ExperimentRunner.csvField(r.series()))
          .append(',')
          .append(r.tPs())
          .append(',')
          .append(ExperimentRunner.csvField(r.value()))
          .append('\n');
    }
    return out.toString();
  }

  private static long interval(String fromResults, String fromParams) {
    for (String s : new String[] {fromResults, fromParams}) {
      String digits = s == null ? "" : s.strip().replace("_", "");
      if (isIndex(digits) && Long.parseLong(digits) > 0) {
        return Long.parseLong(digits);
      }
    }
    return 1;
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
