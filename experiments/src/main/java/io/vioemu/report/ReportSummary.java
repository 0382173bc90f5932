package io.vioemu.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Report#write} produced.
 *
 * @param report the report.html written
 * @param checks every reference check with its outcome, in the experiment file's order
 */
public record ReportSummary(Path report, List<ReferenceOutcome> checks) {
  public ReportSummary {
    checks = List.copyOf(checks);
  }

  /** True when at least one reference check failed. */
  public boolean anyFailed() {
    return checks.stream().anyMatch(c -> c.verdict() == ReferenceOutcome.Verdict.FAIL);
  }
}
