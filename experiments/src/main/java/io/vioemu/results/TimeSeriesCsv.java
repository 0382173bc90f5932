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
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IllegalArgumentException("line 1: expected the header '" + HEADER + "'");
    }
    List<SeriesRow> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(row(lines.get(i), i + 1, pointCount));
      }
    }
    return rows;
  }

  private static SeriesRow row(String line, int lineNumber, int pointCount) {
    List<String> f = fields(line);
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

  /** RFC 4180 fields: a quoted field may hold commas and doubled quotes. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
