package io.vioemu.runner;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.fabric.runtime.RunFailedException;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Messages;
import io.vioemu.lang.Profile;
import io.vioemu.lang.Setting;
import io.vioemu.lang.Suggest;
import io.vioemu.lang.Sweep;
import io.vioemu.lang.UsageException;
import io.vioemu.report.ReferenceOutcome;
import io.vioemu.report.Report;
import io.vioemu.report.ReportSummary;
import io.vioemu.results.RunFiles;
import io.vioemu.results.TimeSeries;
import io.vioemu.results.Versions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Runs a validated experiment and writes its results atomically. */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  public static int run(Experiment e, Long seedOverride, Path outOverride, ClusterOptions cluster)
      throws IOException {
    return run(e, seedOverride, outOverride, cluster, new ProgressOptions());
  }

  /**
   * Runs {@code e} (every point, for a sweep) on one local cluster, then writes the results
   * directory; nothing is written if a run fails.
   */
  public static int run(
      Experiment e,
      Long seedOverride,
      Path outOverride,
      ClusterOptions cluster,
      ProgressOptions progressOptions)
      throws IOException {
    long seed = seedOverride != null ? seedOverride : e.seed();
    byte[] source = readSource(e);
    Path out = outOverride != null ? outOverride : e.outputDir();
    try (RunProgress progress = progressOptions.open(System.err, e.endPs())) {
      if (e.sweep() != null) {
        runSweep(e, seed, source, out, cluster, progress);
      } else {
        runSingle(e, seed, source, out, cluster, progress);
      }
    }
    finish(out);
    return 0;
  }

  private static void runSingle(
      Experiment e,
      long seed,
      byte[] source,
      Path out,
      ClusterOptions cluster,
      RunProgress progress)
      throws IOException {
    Model model = checkModel(e);
    RunSpec spec =
        new RunSpec(e.name(), e.model(), e.params(), seed, e.endPs(), cluster.jvms, placementOf(e));
    progress.note(runningLine(e, "", seed, cluster));
    RunResult r;
    try (LocalCluster c = LocalCluster.open(cluster, spec.partitions(), progress::interrupted)) {
      r = runPoint(c, spec, ProgressLines.Point.single(), progress, progress::note);
    }
    SortedMap<String, String> all = model.results(r.entityMetrics(), e.endPs());
    SortedMap<String, String> results = TimeSeries.withoutSeries(all);
    List<TimeSeries.Row> series = TimeSeries.rows(0, all, e.params());
    results.forEach((k, v) -> System.out.println(k + " = " + v));
    System.out.println(
        String.format(
            Locale.ROOT,
            "%d events in %.3f s wall, checksum %s",
            r.events(),
            r.runNanos() / 1e9,
            r.checksumHex()));
    RunFiles files =
        inputs(source, seed, cluster, e)
            .put(RunFiles.METRICS_JSON, metricsJson(e, seed, r, results))
            .put(RunFiles.METRICS_CSV, metricsCsv(r, results));
    if (!series.isEmpty()) {
      files.put(RunFiles.TIMESERIES_CSV, TimeSeries.csv(series));
    }
    files.put(
        RunFiles.RUN_JSON,
        String.format(
            Locale.ROOT,
            "{\"jvms\":%d,\"placement\":\"%s\",\"setupSeconds\":%.3f,\"wallSeconds\":%.3f,"
                + "\"eventsPerSecond\":%.0f}%n",
            r.partitions(),
            e.placement(),
            r.setupNanos() / 1e9,
            r.runNanos() / 1e9,
            r.events() / Math.max(r.runNanos() / 1e9, 1e-9)));
    files.writeTo(out);
  }

  /**
   * Runs every point of a sweep in order, after checking them all, on one cluster, and writes the
   * results once, at the end.
   */
  private static void runSweep(
      Experiment e,
      long seed,
      byte[] source,
      Path out,
      ClusterOptions cluster,
      RunProgress progress)
      throws IOException {
    Sweep sweep = e.sweep();
    List<Sweep.Point> points = sweep.points(seed);
    List<Model> models = checkPoints(e, points);
    progress.note(
        runningLine(
            e, points.size() + " point" + (points.size() == 1 ? "" : "s") + ", ", seed, cluster));
    List<String> bodies = new ArrayList<>();
    List<TimeSeries.Row> series = new ArrayList<>();
    StringBuilder csv = new StringBuilder("point");
    sweep.names().forEach(n -> csv.append(',').append(csvField(n)));
    csv.append(",entity,metric,value\n");
    long events = 0;
    long setupNanos = 0;
    long runNanos = 0;
    try (LocalCluster c = LocalCluster.open(cluster, cluster.jvms, progress::interrupted)) {
      for (Sweep.Point p : points) {
        Experiment at = e.at(p);
        RunSpec spec =
            new RunSpec(
                e.name(),
                e.model(),
                at.params(),
                p.seed(),
                e.endPs(),
                cluster.jvms,
                placementOf(e));
        String label = p.label(sweep);
        // The nodes' notes are the same at every point but the first.
        RunResult r =
            runPoint(
                c,
                spec,
                new ProgressLines.Point(p.index(), points.size(), label),
                progress,
                p.index() == 0 ? progress::note : line -> {});
        SortedMap<String, String> all = models.get(p.index()).results(r.entityMetrics(), e.endPs());
        SortedMap<String, String> results = TimeSeries.withoutSeries(all);
        series.addAll(TimeSeries.rows(p.index(), all, at.params()));
        bodies.add(pointJson(p, r, results));
        StringBuilder prefix = new StringBuilder(Integer.toString(p.index()));
        p.params().values().forEach(v -> prefix.append(',').append(csvField(v)));
        metricsCsv(r, results)
            .lines()
            .skip(1)
            .forEach(line -> csv.append(prefix).append(',').append(line).append('\n'));
        events += r.events();
        setupNanos += r.setupNanos();
        runNanos += r.runNanos();
        results.forEach(
            (k, v) -> System.out.println((label.isEmpty() ? "" : label + ": ") + k + " = " + v));
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "%d points, %d events in %.3f s wall",
            points.size(),
            events,
            runNanos / 1e9));
    RunFiles files =
        inputs(source, seed, cluster, e)
            .put(RunFiles.METRICS_JSON, sweepJson(e, seed, bodies))
            .put(RunFiles.METRICS_CSV, csv.toString());
    if (!series.isEmpty()) {
      files.put(RunFiles.TIMESERIES_CSV, TimeSeries.csv(series));
    }
    files.put(
        RunFiles.RUN_JSON,
        String.format(
            Locale.ROOT,
            "{\"jvms\":%d,\"placement\":\"%s\",\"points\":%d,\"setupSeconds\":%.3f,"
                + "\"wallSeconds\":%.3f,\"eventsPerSecond\":%.0f}%n",
            cluster.jvms,
            e.placement(),
            points.size(),
            setupNanos / 1e9,
            runNanos / 1e9,
            events / Math.max(runNanos / 1e9, 1e-9)));
    files.writeTo(out);
  }

  /** The file's {@code placement.strategy}, which the loader has already checked. */
  private static PlacementStrategy placementOf(Experiment e) {
    return PlacementStrategy.fromConfigName(e.placement());
  }

  /** One run on the open cluster, its progress shown; a failure is reported, then exit code 1. */
  private static RunResult runPoint(
      LocalCluster c,
      RunSpec spec,
      ProgressLines.Point point,
      RunProgress progress,
      Consumer<String> notes) {
    progress.pointStarted(point, c::safeTimePs);
    RunResult r;
    try {
      r = c.run(spec, line -> notes.accept("vioemu: " + line));
    } catch (RunFailedException failed) {
      progress.error("vioemu: error: " + Messages.oneLine(failed));
      throw new ReportedFailure(failed);
    }
    progress.pointFinished(point, r.runNanos());
    return r;
  }

  /**
   * The end of every successful run, single or sweep, after the results directory is complete: the
   * last line of stdout says where to look next.
   */
  private static void finish(Path out) throws IOException {
    System.out.println(
        "results: "
            + out.resolve(RunFiles.METRICS_JSON)
            + " (also metrics.csv, run.json, experiment.yaml and settings.json in "
            + out
            + File.separator
            + ")");
    // A FAIL is the model's answer, not a failed run: it is reported, and the exit code stays 0.
    ReportSummary report = Report.write(out);
    for (ReferenceOutcome check : report.checks()) {
      System.out.println("reference " + check.summaryLine());
    }
    System.out.println("report: " + report.report());
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
      return Files.readAllBytes(e.file());
    } catch (IOException bad) {
      throw new UsageException(e.file() + ": cannot read: " + Messages.oneLine(bad));
    }
  }

  /** experiment.yaml and settings.json: what reproduces the run. */
  private static RunFiles inputs(byte[] source, long seed, ClusterOptions cluster, Experiment e) {
    return new RunFiles()
        .put(RunFiles.EXPERIMENT_YAML, source)
        .put(
            RunFiles.SETTINGS_JSON,
            settingsJson(seed, cluster.jvms, e.settings().stream().map(Setting::arg).toList()));
  }

  /**
   * {@code {"seed":N,"jvms":N,"set":["k=v",..]}}: the seed the run used (from the file, --set or
   * --seed), the JVMs and the --set arguments in command-line order: with experiment.yaml, what
   * {@code vioemu run experiment.yaml --seed N --jvms N --set ..} needs to run it again.
   */
  static String settingsJson(long seed, int jvms, List<String> sets) {
    return String.format(
        Locale.ROOT,
        "{\"seed\":%d,\"jvms\":%d,\"set\":[%s]}%n",
        seed,
        jvms,
        sets.stream().map(ExperimentRunner::jsonString).collect(Collectors.joining(",")));
  }

  /**
   * Every check {@code run} makes before it starts anything: the model with the file's parameters,
   * or, for a sweep, with each point's (an error names the sweep value's line).
   */
  public static void checkAll(Experiment e) {
    if (e.sweep() == null) {
      checkModel(e);
    } else {
      checkPoints(e, e.sweep().points(e.seed()));
    }
  }

  private static List<Model> checkPoints(Experiment e, List<Sweep.Point> points) {
    List<Model> models = new ArrayList<>();
    for (Sweep.Point p : points) {
      models.add(checkModel(e.at(p)));
    }
    return models;
  }

  /** Builds the model once here, so bad parameters fail before any JVM starts, at their line. */
  public static Model checkModel(Experiment e) {
    ModelRegistry registry = ModelRegistry.load();
    if (!registry.names().contains(e.model())) {
      throw new UsageException(
          e.where("model")
              + "field 'model': unknown model '"
              + e.model()
              + "'"
              + Suggest.closest(e.model(), registry.names())
                  .map(s -> ", did you mean '" + s + "'?")
                  .orElse("; expected one of " + registry.names()));
    }
    try {
      return registry.create(e.model(), e.params());
    } catch (ModelParameterException bad) {
      if (e.profileParams().contains(bad.parameter())) {
        throw profileRejected(e, registry, bad);
      }
      Setting set = e.setting(bad.parameter()).orElse(null);
      if (set != null && set.bare() && isUnknownParameter(bad)) {
        // "--set sed=3": not a top-level field, so it was taken for a parameter the model lacks.
        java.util.Optional<String> field =
            Suggest.closest(bad.parameter(), Experiment.SETTABLE_KEYS);
        if (field.isPresent()) {
          throw new UsageException(
              e.where("params." + bad.parameter())
                  + "unknown field '"
                  + bad.parameter()
                  + "', did you mean '"
                  + field.get()
                  + "'? (not a top-level field, nor a "
                  + e.model()
                  + " parameter)");
        }
      }
      throw new UsageException(
          e.where("params." + bad.parameter())
              + "field '"
              + e.fieldOf(bad.parameter())
              + "': "
              + Messages.oneLine(bad));
    } catch (RuntimeException bad) {
      throw new UsageException(
          e.where("model") + "model '" + e.model() + "': " + Messages.oneLine(bad));
    }
  }

  /**
   * A parameter that came from the profile was refused: either the model has no such parameter (the
   * profile does not apply to it: point at the {@code profile} line) or the value is out of the
   * model's range (point at the constant in the profile file).
   */
  private static UsageException profileRejected(
      Experiment e, ModelRegistry registry, ModelParameterException bad) {
    Profile profile = e.profile();
    String param = bad.parameter();
    if (isUnknownParameter(bad)) {
      List<String> takers = new ArrayList<>();
      Map<String, String> costsOnly = new LinkedHashMap<>();
      e.profileParams().forEach(p -> costsOnly.put(p, e.params().get(p)));
      for (String m : registry.names()) {
        try {
          registry.create(m, costsOnly);
          takers.add(m);
        } catch (ModelParameterException refused) {
          if (!isUnknownParameter(refused)) {
            takers.add(m);
          }
        } catch (RuntimeException other) {
          // A model that fails on its defaults says nothing about whether it reads costs.
        }
      }
      return new UsageException(
          e.where("profile")
              + "field 'profile': model '"
              + e.model()
              + "' has no CPU cost parameters, so profile '"
              + profile.name()
              + "' cannot apply to it ('"
              + e.model()
              + "' does not know "
              + param
              + "); remove 'profile'"
              + (takers.isEmpty() ? "" : ", or use a model that reads costs: " + takers));
    }
    String cost = param.substring(Profile.PARAM_PREFIX.length());
    return new UsageException(
        e.where("params." + param)
            + "field 'costs."
            + cost
            + "' of profile '"
            + profile.name()
            + "' (model parameter "
            + param
            + "): "
            + Messages.oneLine(bad));
  }

  /** ModelParams refuses a name it does not know with this wording, before checking any value. */
  private static boolean isUnknownParameter(ModelParameterException bad) {
    return bad.getMessage() != null && bad.getMessage().startsWith("unknown ");
  }

  public static String metricsJson(Experiment e, long seed, RunResult r) {
    return metricsJson(e, seed, r, new TreeMap<>());
  }

  /** Only what the model computed: identical for any number of JVMs. */
  public static String metricsJson(
      Experiment e, long seed, RunResult r, SortedMap<String, String> results) {
    return String.format(
        Locale.ROOT,
        "{\"experiment\":\"%s\",\"model\":\"%s\",%s,\"seed\":%d,\"endPs\":%d,\"params\":{%s},%s}%n",
        e.name(),
        e.model(),
        versionsJson(),
        seed,
        e.endPs(),
        paramsJson(e.params()),
        runBodyJson(r, results));
  }

  /**
   * What produced the numbers: the vioemu build (its results may change between versions, never
   * between machines or JVM counts) and the version of this file's layout.
   */
  public static String versionsJson() {
    return "\"versions\":{\"vioemu\":" + jsonString(Versions.vioemu()) + ",\"metricsJson\":1}";
  }

  /**
   * A sweep's metrics.json: the experiment, the parameters every point shares (the swept ones left
   * out), the sweep, then each point's swept values, seed and results, in point order.
   */
  static String sweepJson(Experiment e, long seed, List<String> pointBodies) {
    Sweep sweep = e.sweep();
    Map<String, String> shared = new LinkedHashMap<>(e.params());
    shared.keySet().removeAll(sweep.names());
    StringBuilder names = new StringBuilder();
    sweep.names().forEach(n -> names.append(names.length() > 0 ? "," : "").append(jsonString(n)));
    return String.format(
        Locale.ROOT,
        "{\"experiment\":\"%s\",\"model\":\"%s\",%s,\"seed\":%d,\"endPs\":%d,\"params\":{%s},"
            + "\"sweep\":{\"mode\":\"%s\",\"params\":[%s],\"repetitions\":%d},"
            + "\"points\":[%s]}%n",
        e.name(),
        e.model(),
        versionsJson(),
        seed,
        e.endPs(),
        paramsJson(shared),
        sweep.mode(),
        names,
        sweep.repetitions(),
        String.join(",", pointBodies));
  }

  /** One point of a sweep: its index, swept values, seed, then the single run's body. */
  static String pointJson(Sweep.Point p, RunResult r, SortedMap<String, String> results) {
    StringBuilder params = new StringBuilder();
    p.params()
        .forEach(
            (k, v) ->
                params
                    .append(params.length() > 0 ? "," : "")
                    .append(jsonString(k))
                    .append(':')
                    .append(jsonString(v)));
    return String.format(
        Locale.ROOT,
        "{\"index\":%d,\"params\":{%s},\"seed\":%d,%s}",
        p.index(),
        params,
        p.seed(),
        runBodyJson(r, results));
  }

  /** The parameters by name, values as JSON strings. */
  private static String paramsJson(Map<String, String> all) {
    StringBuilder params = new StringBuilder();
    for (Map.Entry<String, String> p : new java.util.TreeMap<>(all).entrySet()) {
      if (params.length() > 0) {
        params.append(',');
      }
      params
          .append('"')
          .append(p.getKey())
          .append("\":\"")
          .append(p.getValue().replace("\"", "\\\""))
          .append('"');
    }
    return params.toString();
  }

  /** {@code "metrics":{...},"results":{...},"entities":{...}} of one run. */
  private static String runBodyJson(RunResult r, SortedMap<String, String> results) {
    return String.format(
        Locale.ROOT,
        "\"metrics\":{\"events\":%d,\"windows\":%d,\"checksum\":\"%s\"},"
            + "\"results\":{%s},\"entities\":{%s}",
        r.events(),
        r.windows(),
        r.checksumHex(),
        resultsJson(results),
        entitiesJson(r));
  }

  /** A JSON string literal. */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The model's derived results: names in order, values already JSON numbers. */
  private static String resultsJson(SortedMap<String, String> results) {
    StringBuilder out = new StringBuilder();
    results.forEach(
        (k, v) ->
            out.append(out.length() > 0 ? "," : "").append('"').append(k).append("\":").append(v));
    return out.toString();
  }

  /** Each entity that reported counters, by id, counters in name order. */
  private static String entitiesJson(RunResult r) {
    StringBuilder out = new StringBuilder();
    for (int id = 0; id < r.entityMetrics().size(); id++) {
      Map<String, Long> m = r.entityMetrics().get(id);
      if (m.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append('"').append(id).append("\":{");
      boolean first = true;
      for (Map.Entry<String, Long> e : m.entrySet()) {
        out.append(first ? "" : ",")
            .append('"')
            .append(e.getKey())
            .append("\":")
            .append(e.getValue());
        first = false;
      }
      out.append('}');
    }
    return out.toString();
  }

  /**
   * metrics.json's results in long form, one {@code entity,metric,value} row each: first the
   * model-level {@code metrics} (entity {@code model}), then every entity's counters by id, in the
   * order metrics.json lists them. Run metadata (experiment, seed, parameters) stays in
   * metrics.json.
   */
  public static String metricsCsv(RunResult r) {
    return metricsCsv(r, new TreeMap<>());
  }

  /**
   * As {@link #metricsCsv(RunResult)}, with the model's derived results as entity {@code results}.
   */
  public static String metricsCsv(RunResult r, SortedMap<String, String> results) {
    StringBuilder out = new StringBuilder("entity,metric,value\n");
    csvRow(out, "model", "events", Long.toString(r.events()));
    csvRow(out, "model", "windows", Long.toString(r.windows()));
    csvRow(out, "model", "checksum", r.checksumHex());
    results.forEach((k, v) -> csvRow(out, "results", k, v));
    for (int id = 0; id < r.entityMetrics().size(); id++) {
      for (Map.Entry<String, Long> c : r.entityMetrics().get(id).entrySet()) {
        csvRow(out, Integer.toString(id), c.getKey(), Long.toString(c.getValue()));
      }
    }
    return out.toString();
  }

  private static void csvRow(StringBuilder out, String entity, String metric, String value) {
    out.append(csvField(entity))
        .append(',')
        .append(csvField(metric))
        .append(',')
        .append(csvField(value))
        .append('\n');
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  public static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
