package io.vioemu.results;

import java.util.ArrayList;
import java.util.List;

/** Reads timeseries.csv: a {@code point,series,tPs,value} header, then one row per interval. */
public final class TimeSeriesCsv {
  public static final String HEADER = "point,series,tPs,value";

  private TimeSeriesCsv() {}

  /**
   * The rows, in file order.
   *
   * @throws IllegalArgumentException naming the line when the file is not in that shape
   */
  static List<SeriesRow> parse(String text, int pointCount) {
    List<Csv.Row> records = Csv.read(text);
    if (records.isEmpty() || !String.join(",", records.get(0).fields()).strip().equals(HEADER)) {
      throw new IllegalArgumentException("line 1: expected the header '" + HEADER + "'");
    }
    List<SeriesRow> rows = new ArrayList<>();
    for (Csv.Row r : records.subList(1, records.size())) {
      rows.add(row(r.fields(), r.line(), pointCount));
    }
    return rows;
  }

  private static SeriesRow row(List<String> f, int lineNumber, int pointCount) {
    if (f.size() != 4) {
      throw new IllegalArgumentException(
          "line " + lineNumber + ": expected 4 fields (" + HEADER + "), found " + f.size());
    }
    try {
      int point = Integer.parseInt(f.get(0));
      if (point < 0 || point >= pointCount) {
        throw new IllegalArgumentException(
            "line " + lineNumber + ": point " + point + " is not one of the run's points");
      }
      double value = Double.parseDouble(f.get(3));
      return new SeriesRow(point, f.get(1), Long.parseLong(f.get(2)), value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "line " + lineNumber + ": point, tPs and value must be numbers", e);
    }
  }
}
