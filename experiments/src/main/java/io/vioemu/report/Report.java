package io.vioemu.report;

import io.vioemu.report.ChartRenderer.Rendered;
import io.vioemu.results.InputFiles;
import io.vioemu.results.OutputDir;
import io.vioemu.results.ParsedReference;
import io.vioemu.results.RunDirectory;
import io.vioemu.results.RunFiles;
import io.vioemu.results.UnusableOutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of a run directory: reads it, checks its references, draws its plots into {@code
 * plots/} (PNG and SVG), and writes {@code report.html}, all into a new directory that replaces the
 * old one as a whole, so the report never points at a plot that is not there.
 */
public final class Report {
  static final String REPORT_HTML = "report.html";
  static final String PLOTS = "plots";

  private Report() {}

  /**
   * Rebuilds {@code dir/report.html} and {@code dir/plots/}: the results files are copied into a
   * new directory with the new report, which then replaces {@code dir} as a whole ({@link
   * OutputDir}).
   *
   * @return the reference checks' outcomes and the report's path
   * @throws BadRunDirectoryException when {@code dir} or its metrics.json is missing or corrupt
   * @throws UnusableOutputException when another run holds {@code dir} or it cannot be replaced
   * @throws IOException when a file cannot be written
   */
  public static ReportSummary write(Path dir) throws IOException {
    RunDirectory.load(dir);
    try (OutputDir out = OutputDir.lock(dir)) {
      OutputDir.Staging staging = out.stage();
      try {
        for (String name : RunFiles.RESULTS) {
          Path from = out.dir().resolve(name);
          if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            staging.write(name, InputFiles.read(from, InputFiles.MAX_RESULTS_BYTES));
          }
        }
        ReportSummary summary = writeInto(staging);
        staging.commit();
        return new ReportSummary(dir.resolve(REPORT_HTML), summary.checks());
      } catch (IOException | RuntimeException e) {
        staging.abandon();
        throw e;
      }
    }
  }

  /**
   * Builds {@code report.html} and {@code plots/} in a new directory that already holds the
   * results, plots first and report.html last.
   *
   * @return the reference checks' outcomes and where the report will be once swapped in
   */
  public static ReportSummary writeInto(OutputDir.Staging staging) throws IOException {
    RunDirectory run = RunDirectory.load(staging.path());
    List<ParsedReference> references = run.input().references();
    List<ReferenceOutcome> checks = new ArrayList<>();
    references.forEach(r -> checks.add(ReferenceCheck.evaluate(r, run.points())));
    List<Rendered> charts = new ArrayList<>();
    for (ChartSpec spec : ChartPlanner.plan(run, references)) {
      charts.add(ChartRenderer.render(spec));
    }
    String html = HtmlReport.build(run, checks, charts);
    for (Rendered c : charts) {
      String stem = c.spec().name();
      staging.write(PLOTS + "/" + stem + ".svg", c.svgFile().getBytes(StandardCharsets.UTF_8));
      staging.write(PLOTS + "/" + stem + ".png", c.png());
    }
    staging.write(REPORT_HTML, html.getBytes(StandardCharsets.UTF_8));
    return new ReportSummary(staging.target().resolve(REPORT_HTML), checks);
  }
}
