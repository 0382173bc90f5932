package io.vioemu.report;

import io.vioemu.report.ChartSpec.Band;
import io.vioemu.report.ChartSpec.Point;
import io.vioemu.report.ChartSpec.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Draws a {@link ChartSpec} with JFreeChart, once as SVG (inlined in report.html) and once as PNG.
 * Fixed size, logical fonts and locale-free tick labels keep the output the same run after run.
 */
final class ChartRenderer {
  static final int WIDTH = 720;
  static final int HEIGHT = 420;

  /** Category labels longer than this in all get slanted, so they do not overlap. */
  private static final int MAX_LEVEL_LABEL_CHARS = 72;

  /**
   * Okabe and Ito's colour-blind safe palette (blue first: one series is the common case), then
   * JFreeChart's defaults for the rest.
   */
  private static final Color[] PALETTE = {
    new Color(0x00, 0x72, 0xb2),
    new Color(0xe6, 0x9f, 0x00),
    new Color(0x00, 0x9e, 0x73),
    new Color(0xd5, 0x5e, 0x00),
    new Color(0xcc, 0x79, 0xa7),
    new Color(0x56, 0xb4, 0xe9),
    new Color(0xf0, 0xe4, 0x42),
    new Color(0x00, 0x00, 0x00)
  };

  /** Lines with more points than this are drawn without a marker at each point. */
  private static final int MAX_MARKED_POINTS = 40;

  private static final Color BAND = new Color(46, 139, 87, 48);

  private ChartRenderer() {}

  /**
   * One chart in both formats.
   *
   * @param spec what was drawn
   * @param svg the {@code <svg>} element (with a viewBox, so it scales)
   * @param png the PNG file's bytes
   */
  record Rendered(ChartSpec spec, String svg, byte[] png) {
    /** The standalone .svg file: the same element, with an XML declaration. */
    String svgFile() {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n";
    }
  }

  static Rendered render(ChartSpec spec) throws IOException {
    ensureHeadless();
    JFreeChart chart = chart(spec);
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    // The default prefix comes from the clock; ids must also differ between charts of one page.
    g.setDefsKeyPrefix(spec.name() + "-");
    // Two decimals of a pixel are plenty, and fewer digits are less at the mercy of the JVM's
    // floating point in text layout.
    g.setGeomDoubleConverter(ChartRenderer::twoDecimals);
    chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    String svg = g.getSVGElement(spec.name(), true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    byte[] png = ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
    return new Rendered(spec, svg, png);
  }

  static String twoDecimals(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "0";
    }
    return ParamValues.plain(new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN));
  }

  /** No display is needed to draw; set before AWT first loads, unless the caller chose. */
  private static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // JFreeChart draws rotated text (the y axis label) as outlines by default, to dodge a Java2D
    // bug of the early 2000s; as outlines it would be no text in the SVG, for readers, search and
    // tests. Today's Java2D rotates drawString correctly.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  static JFreeChart chart(ChartSpec spec) {
    JFreeChart chart = spec.kind() == ChartSpec.Kind.LINE ? lineChart(spec) : barChart(spec);
    theme().apply(chart);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  private static JFreeChart lineChart(ChartSpec spec) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : spec.series()) {
      XYSeries xy = new XYSeries(s.label(), false, true);
      s.points().forEach(p -> xy.add(p.x(), p.y()));
      data.addSeries(xy);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            spec.title(),
            spec.xLabel(),
            spec.yLabel(),
            data,
            PlotOrientation.VERTICAL,
            spec.hasLegend(),
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(xAxis(spec));
    int most = spec.series().stream().mapToInt(s -> s.points().size()).max().orElse(0);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, most <= MAX_MARKED_POINTS);
    r.setDefaultStroke(new BasicStroke(2f));
    r.setAutoPopulateSeriesStroke(false);
    plot.setRenderer(r);
    NumberAxis y = yAxis(spec);
    plot.setRangeAxis(y);
    spec.bands().forEach(b -> plot.addRangeMarker(marker(b), Layer.BACKGROUND));
    fitBands(y, spec);
    return chart;
  }

  private static ValueAxis xAxis(ChartSpec spec) {
    if (spec.logX()) {
      LogAxis log = new LogAxis(spec.xLabel());
      log.setBase(spec.logBase());
      log.setNumberFormatOverride(new TickFormat());
      return log;
    }
    NumberAxis x = new NumberAxis(spec.xLabel());
    x.setAutoRangeIncludesZero(false);
    x.setNumberFormatOverride(new TickFormat());
    return x;
  }

  private static NumberAxis yAxis(ChartSpec spec) {
    NumberAxis y = new NumberAxis(spec.yLabel());
    y.setAutoRangeIncludesZero(true);
    y.setNumberFormatOverride(new TickFormat());
    return y;
  }

  private static JFreeChart barChart(ChartSpec spec) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Series s : spec.series()) {
      for (Point p : s.points()) {
        data.addValue(p.y(), s.label(), p.category());
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            spec.title(),
            spec.xLabel(),
            spec.yLabel(),
            data,
            PlotOrientation.VERTICAL,
            spec.hasLegend(),
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    NumberAxis y = yAxis(spec);
    plot.setRangeAxis(y);
    CategoryAxis x = plot.getDomainAxis();
    int labelChars = 0;
    for (Object key : data.getColumnKeys()) {
      labelChars += key.toString().length() + 2;
    }
    if (labelChars > MAX_LEVEL_LABEL_CHARS) {
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    x.setMaximumCategoryLabelLines(2);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setItemMargin(0.05);
    r.setMaximumBarWidth(0.12);
    spec.bands().forEach(b -> plot.addRangeMarker(marker(b), Layer.BACKGROUND));
    fitBands(y, spec);
    return chart;
  }

  private static Marker marker(Band b) {
    IntervalMarker m = new IntervalMarker(b.low(), b.high(), BAND);
    m.setLabel("reference " + b.label());
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }

  /** The y axis spans the data, zero and every reference band (markers do not widen it). */
  private static void fitBands(NumberAxis y, ChartSpec spec) {
    if (spec.bands().isEmpty()) {
      return;
    }
    double low = 0;
    double high = 0;
    for (Series s : spec.series()) {
      for (Point p : s.points()) {
        low = Math.min(low, p.y());
        high = Math.max(high, p.y());
      }
    }
    for (Band b : spec.bands()) {
      low = Math.min(low, b.low());
      high = Math.max(high, b.high());
    }
    double margin = (high - low) * 0.05;
    y.setRange(low - (low < 0 ? margin : 0), high + (margin > 0 ? margin : 1));
  }

  private static StandardChartTheme theme() {
    StandardChartTheme t = new StandardChartTheme("vioemu");
    t.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    t.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    t.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    t.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    t.setChartBackgroundPaint(Color.WHITE);
    t.setPlotBackgroundPaint(Color.WHITE);
    t.setPlotOutlinePaint(Color.GRAY);
    t.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    t.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    t.setLegendBackgroundPaint(Color.WHITE);
    t.setBarPainter(new StandardBarPainter());
    t.setShadowVisible(false);
    Paint[] paints =
        new Paint[PALETTE.length + DefaultDrawingSupplier.DEFAULT_PAINT_SEQUENCE.length];
    System.arraycopy(PALETTE, 0, paints, 0, PALETTE.length);
    System.arraycopy(
        DefaultDrawingSupplier.DEFAULT_PAINT_SEQUENCE,
        0,
        paints,
        PALETTE.length,
        DefaultDrawingSupplier.DEFAULT_PAINT_SEQUENCE.length);
    t.setDrawingSupplier(
        new DefaultDrawingSupplier(
            paints,
            DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
    return t;
  }
}
