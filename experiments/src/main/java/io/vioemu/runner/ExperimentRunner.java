package io.vioemu.runner;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.fabric.runtime.ExchangeFigures;
import io.vioemu.fabric.runtime.RunFailedException;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Messages;
import io.vioemu.lang.Setting;
import io.vioemu.lang.Sweep;
import io.vioemu.lang.UsageException;
import io.vioemu.report.ReferenceOutcome;
import io.vioemu.report.Report;
import io.vioemu.report.ReportSummary;
import io.vioemu.results.InputFiles;
import io.vioemu.results.OutputDir;
import io.vioemu.results.PointResult;
import io.vioemu.results.RunFiles;
import io.vioemu.results.RunInfo;
import io.vioemu.results.RunRecord;
import io.vioemu.results.UnusableOutputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a validated experiment and writes its results atomically. A single run is a sweep of one
 * point: every point is checked first, then all run in order on one cluster, and the results
 * directory is written once, at the end; nothing is written if a run fails.
 */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  /**
   * One run to make: the experiment at a sweep point (or the experiment itself, for a single run).
   *
   * @param point how progress names the point; its label (the swept values, or empty) also prefixes
   *     the point's results on stdout
   */
  private record Planned(
      int index, Experiment at, long seed, Map<String, String> swept, ProgressLines.Point point) {
    String label() {
      return point.label();
    }
  }

  public static int run(Experiment e, Long seedOverride, Path outOverride, ClusterOptions cluster)
      throws IOException {
    return run(e, seedOverride, outOverride, cluster, new ProgressOptions());
  }

  public static int run(
      Experiment e,
      Long seedOverride,
      Path outOverride,
      ClusterOptions cluster,
      ProgressOptions progressOptions)
      throws IOException {
    return run(e, seedOverride, outOverride, cluster, progressOptions, null);
  }

  /**
   * Runs {@code e} (every point, for a sweep) on one local cluster, then writes the results.
   *
   * @param maxWallSeconds the wall-time limit ({@code --max-wall}), or null for the file's {@code
   *     outputs.maxWallSeconds} (0: none)
   */
  public static int run(
      Experiment e,
      Long seedOverride,
      Path outOverride,
      ClusterOptions cluster,
      ProgressOptions progressOptions,
      Long maxWallSeconds)
      throws IOException {
    long maxWall = maxWallSeconds != null ? maxWallSeconds : e.maxWallSeconds();
    long seed = seedOverride != null ? seedOverride : e.seed();
    byte[] source = readSource(e);
    Path out = outOverride != null ? outOverride : e.outputDir();
    List<Planned> plan = plan(e, seed);
    List<Model> models = new ArrayList<>();
    plan.forEach(p -> models.add(ModelCheck.checkModel(p.at())));
    for (Model m : models) {
      MemoryEstimate.check(e, m, cluster.jvms, Runtime.getRuntime().maxMemory());
    }
    try (OutputDir target = lockOutput(out)) {
      RunOutcome outcome = runAll(e, seed, cluster, progressOptions, plan, models, maxWall);
      RunRecord record =
          new RunRecord(
              e.name(), e.model(), seed, e.endPs(), e.params(), shape(e), outcome.results);
      OutputDir.Staging staging = target.stage();
      ReportSummary report;
      List<String> notes;
      try {
        RunFiles.of(source, record, outcome.totals.info(e, seed, cluster, plan.size()))
            .writeInto(staging);
        report = Report.writeInto(staging);
        notes = staging.commit();
      } catch (IOException | RuntimeException failed) {
        staging.abandon();
        throw failed;
      }
      notes.forEach(n -> System.err.println("vioemu: " + n));
      finish(out, report);
    }
    return 0;
  }

  /** The outcome of every point, in order, and what they add up to. */
  private record RunOutcome(List<PointResult> results, Totals totals) {}

  private static RunOutcome runAll(
      Experiment e,
      long seed,
      ClusterOptions cluster,
      ProgressOptions progressOptions,
      List<Planned> plan,
      List<Model> models,
      long maxWallSeconds) {
    List<PointResult> results = new ArrayList<>();
    Totals totals = new Totals();
    try (RunProgress progress = progressOptions.open(System.err, e.endPs())) {
      progress.note(runningLine(e, pointsWord(e, plan), seed, cluster));
      try (LocalCluster c = LocalCluster.open(cluster, cluster.jvms, progress::interrupted)) {
        if (maxWallSeconds > 0) {
          c.stopAfter(
              Duration.ofSeconds(maxWallSeconds),
              "stopped: the run took longer than its wall-time limit of "
                  + maxWallSeconds
                  + " s (--max-wall, outputs.maxWallSeconds); no results written");
        }
        for (Planned p : plan) {
          RunResult r =
              runPoint(c, spec(e, p, cluster, models.get(p.index()).entityCount()), p, progress);
          ModelResults derived = models.get(p.index()).results(r.entityMetrics(), e.endPs());
          results.add(PointResult.of(p.index(), p.swept(), p.seed(), r, derived));
          totals.add(r);
          print(p.label(), derived);
        }
      }
    }
    System.out.println(totals.line(e, plan.size()));
    return new RunOutcome(results, totals);
  }

  /** The output directory, checked and locked before anything runs; exit 2 if it cannot be. */
  private static OutputDir lockOutput(Path out) {
    try {
      return OutputDir.lock(out);
    } catch (UnusableOutputException unusable) {
      throw new UsageException(unusable.getMessage());
    }
  }

  /** The points to run: a sweep's, or the experiment itself as the one point of a single run. */
  private static List<Planned> plan(Experiment e, long seed) {
    if (e.sweep() == null) {
      return List.of(new Planned(0, e, seed, Map.of(), ProgressLines.Point.single()));
    }
    List<Sweep.Point> points = e.sweep().points(seed);
    List<Planned> plan = new ArrayList<>();
    for (Sweep.Point p : points) {
      ProgressLines.Point progress =
          new ProgressLines.Point(p.index(), points.size(), p.label(e.sweep()));
      plan.add(new Planned(p.index(), e.at(p), p.seed(), p.params(), progress));
    }
    return plan;
  }

  private static RunRecord.Shape shape(Experiment e) {
    Sweep s = e.sweep();
    return s == null ? null : new RunRecord.Shape(s.mode(), s.names(), s.repetitions());
  }

  /** "" for a single run, "N points, " for a sweep: what the running line says about points. */
  private static String pointsWord(Experiment e, List<Planned> plan) {
    return e.sweep() == null ? "" : plan.size() + " point" + (plan.size() == 1 ? "" : "s") + ", ";
  }

  private static RunSpec spec(Experiment e, Planned p, ClusterOptions cluster, int entities) {
    return new RunSpec(
        e.name(),
        e.model(),
        p.at().params(),
        p.seed(),
        e.endPs(),
        cluster.jvms,
        cluster.partitionsPerJvm(entities, e.partitionsPerJvm()),
        cluster.workers(e.workersPerPartition()),
        PlacementStrategy.fromConfigName(e.placement()));
  }

  /** The point's results on stdout, one {@code name = value} line each. */
  private static void print(String label, ModelResults results) {
    String prefix = label.isEmpty() ? "" : label + ": ";
    results.named().forEach((k, v) -> System.out.println(prefix + k + " = " + v.toPlainString()));
  }

  /** What the runs add up to: events and wall time (and a single run's checksum). */
  private static final class Totals {
    long events;
    long setupNanos;
    long runNanos;
    long windows;
    int partitionsPerJvm = 1;
    final List<ExchangeFigures> exchanges = new ArrayList<>();
    String checksumHex;

    void add(RunResult r) {
      events += r.events();
      windows += r.windows();
      partitionsPerJvm = Math.max(partitionsPerJvm, r.partitions() / r.jvms());
      exchanges.add(r.exchange());
      setupNanos += r.setupNanos();
      runNanos += r.runNanos();
      checksumHex = r.checksumHex();
    }

    String line(Experiment e, int points) {
      double seconds = runNanos / 1e9;
      return e.sweep() == null
          ? String.format(
              Locale.ROOT, "%d events in %.3f s wall, checksum %s", events, seconds, checksumHex)
          : String.format(
              Locale.ROOT, "%d points, %d events in %.3f s wall", points, events, seconds);
    }

    RunInfo info(Experiment e, long seed, ClusterOptions cluster, int points) {
      return new RunInfo(
          seed,
          cluster.jvms,
          e.settings().stream().map(Setting::arg).toList(),
          e.placement(),
          e.sweep() != null ? points : 0,
          setupNanos,
          runNanos,
          events,
          partitionsPerJvm,
          cluster.workers(e.workersPerPartition()),
          windows,
          ExchangeFigures.combine(exchanges));
    }
  }

  /** One run on the open cluster, its progress shown; a failure is reported, then exit code 1. */
  private static RunResult runPoint(LocalCluster c, RunSpec spec, Planned p, RunProgress progress) {
    // The nodes' notes are the same at every point but the first.
    Consumer<String> notes = p.index() == 0 ? progress::note : line -> {};
    progress.pointStarted(p.point(), c::safeTimePs);
    RunResult r;
    try {
      r = c.run(spec, line -> notes.accept("vioemu: " + line));
    } catch (RunFailedException failed) {
      progress.error("vioemu: error: " + Messages.oneLine(failed));
      throw new ReportedFailure(failed);
    }
    progress.pointFinished(p.point(), r.runNanos());
    return r;
  }

  /**
   * The end of every successful run, single or sweep, after the results directory is complete: the
   * last line of stdout says where to look next.
   */
  private static void finish(Path out, ReportSummary report) {
    System.out.println(
        "results: "
            + out.resolve(RunFiles.METRICS_JSON)
            + " (also metrics.csv, run.json, experiment.yaml and settings.json in "
            + out
            + File.separator
            + ")");
    // A FAIL is the model's answer, not a failed run: it is reported, and the exit code stays 0.
    for (ReferenceOutcome check : report.checks()) {
      System.out.println("reference " + check.summaryLine());
    }
    System.out.println("report: " + out.resolve(report.report().getFileName()));
  }

  /** The line that says what is about to run; {@code points} is empty or "N points, ". */
  private static String runningLine(Experiment e, String points, long seed, ClusterOptions c) {
    return "vioemu: running "
        + e.file()
        + " (model "
        + e.model()
        + ", "
        + points
        + "seed "
        + seed
        + ", "
        + c.jvms
        + " JVM"
        + (c.jvms == 1 ? "" : "s")
        + e.settings().stream().map(s -> ", --set " + s.arg()).collect(Collectors.joining())
        + ")";
  }

  /** The input file's bytes as they are now, to be copied into the results as given. */
  private static byte[] readSource(Experiment e) {
    try {
      return InputFiles.read(e.file(), InputFiles.MAX_TEXT_BYTES);
    } catch (IOException bad) {
      throw new UsageException(e.file() + ": cannot read: " + Messages.oneLine(bad));
    }
  }
}
