package io.vioemu.report;

import java.util.List;

/**
 * A chart to draw, as data: what the planner decided, before any drawing library sees it.
 *
 * @param name the file stem under plots/ (also the SVG's id prefix), unique in a report
 * @param title the chart's title
 * @param xLabel the x axis label (for bars: the category axis)
 * @param yLabel the y axis label, with its unit
 * @param kind line (numeric x) or bar (categories)
 * @param logX a logarithmic x axis (lines only)
 * @param logBase the log axis' base (2 when every x is a power of two, else 10)
 * @param series the data, one entry per legend item
 * @param bands reference ranges drawn across the chart (already in the y axis' unit)
 */
record ChartSpec(
    String name,
    String title,
    String xLabel,
    String yLabel,
    Kind kind,
    boolean logX,
    int logBase,
    List<Series> series,
    List<Band> bands) {

  ChartSpec {
    series = List.copyOf(series);
    bands = List.copyOf(bands);
  }

  enum Kind {
    LINE,
    BAR
  }

  /**
   * One line, or one bar colour.
   *
   * @param label the legend's text
   * @param points the values: (x, y) for lines, (category, y) for bars
   */
  record Series(String label, List<Point> points) {
    Series {
      points = List.copyOf(points);
    }
  }

  /**
   * A value: {@code category} for bars, {@code x} for lines.
   *
   * @param category the bar's category (empty for lines)
   * @param x the x value (0 for bars)
   * @param y the y value, in the y axis' unit
   */
  record Point(String category, double x, double y) {}

  /**
   * A reference's expected range.
   *
   * @param label the reference's id
   * @param low expected minus tolerance
   * @param high expected plus tolerance
   */
  record Band(String label, double low, double high) {}

  ChartSpec withName(String other) {
    return new ChartSpec(other, title, xLabel, yLabel, kind, logX, logBase, series, bands);
  }

  boolean hasLegend() {
    return series.size() > 1;
  }
}
