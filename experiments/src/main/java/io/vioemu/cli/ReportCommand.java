package io.vioemu.cli;

import io.vioemu.lang.UsageException;
import io.vioemu.report.Report;
import io.vioemu.report.ReportSummary;
import io.vioemu.results.BadRunDirectoryException;
import io.vioemu.results.UnusableOutputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vioemu report DIR}: rebuilds a run directory's report.html and plots. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild the report of a run directory (DIR/report.html and DIR/plots/) from what 'run'"
          + " wrote there, and print the outcome of each reference check.",
      "Exit code 0; 2 if DIR is not a run directory or its metrics.json is missing or corrupt;"
          + " with --check, 1 if a reference check failed."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "A run's output directory.")
  Path dir;

  @Option(
      names = "--check",
      description = "Exit with code 1 if any reference check fails (for scripts and CI).")
  boolean check;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ReportSummary summary;
    try {
      summary = Report.write(dir);
    } catch (BadRunDirectoryException | UnusableOutputException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    summary.checks().forEach(c -> out.println(c.summaryLine()));
    out.println("report: " + summary.report());
    out.flush();
    return check && summary.anyFailed() ? Main.EXIT_FAILED : Main.EXIT_OK;
  }
}
