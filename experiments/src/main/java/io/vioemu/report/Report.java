package io.vioemu.report;

import io.vioemu.report.ChartRenderer.Rendered;
import io.vioemu.results.AtomicFiles;
import io.vioemu.results.ParsedReference;
import io.vioemu.results.RunDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report of a run directory: reads it, checks its references, draws its plots into {@code
 * plots/} (PNG and SVG), and writes {@code report.html}, every file atomically and report.html
 * last, so it never points at a plot that is not there yet.
 */
public final class Report {
  static final String REPORT_HTML = "report.html";
  static final String PLOTS = "plots";

  private Report() {}

  /**
   * Builds {@code dir/report.html} and {@code dir/plots/}.
   *
   * @return the reference checks' outcomes and the report's path
   * @throws BadRunDirectoryException when {@code dir} or its metrics.json is missing or corrupt
   * @throws IOException when a file cannot be written
   */
  public static ReportSummary write(Path dir) throws IOException {
    RunDirectory run = RunDirectory.load(dir);
    List<ParsedReference> references = run.input().references();
    List<ReferenceOutcome> checks = new ArrayList<>();
    references.forEach(r -> checks.add(ReferenceCheck.evaluate(r, run.points())));
    List<Rendered> charts = new ArrayList<>();
    for (ChartSpec spec : ChartPlanner.plan(run, references)) {
      charts.add(ChartRenderer.render(spec));
    }
    String html = HtmlReport.build(run, checks, charts);
    Path plots = dir.resolve(PLOTS);
    if (!charts.isEmpty()) {
      Files.createDirectories(plots);
    }
    Set<String> written = new HashSet<>();
    for (Rendered c : charts) {
      String stem = c.spec().name();
      AtomicFiles.write(plots.resolve(stem + ".svg"), c.svgFile());
      AtomicFiles.write(plots.resolve(stem + ".png"), c.png());
      written.add(stem + ".svg");
      written.add(stem + ".png");
    }
    Path report = dir.resolve(REPORT_HTML);
    AtomicFiles.write(report, html);
    removeStalePlots(plots, written);
    return new ReportSummary(report, checks);
  }

  /** Plots of an earlier report that this one no longer draws would mislead; they go. */
  private static void removeStalePlots(Path plots, Set<String> keep) throws IOException {
    if (!Files.isDirectory(plots)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(plots, "*.{png,svg}")) {
      for (Path f : files) {
        if (!keep.contains(f.getFileName().toString())) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
