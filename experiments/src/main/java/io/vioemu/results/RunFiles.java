package io.vioemu.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a results directory, written together once the run is over into a new directory that
 * then replaces the old one as a whole ({@link OutputDir}): nothing of an earlier run (its {@code
 * timeseries.csv}, its report and plots) stays to look like part of the new one, and a reader sees
 * the old complete directory or the new complete one. {@code run.json} is still written last. Files
 * that no run writes are moved into the new directory.
 */
public final class RunFiles {
  public static final String METRICS_JSON = "metrics.json";
  public static final String METRICS_CSV = "metrics.csv";
  public static final String TIMESERIES_CSV = "timeseries.csv";
  public static final String EXPERIMENT_YAML = "experiment.yaml";
  public static final String SETTINGS_JSON = "settings.json";
  public static final String RUN_JSON = "run.json";
  static final String REPORT_HTML = "report.html";
  static final String PLOTS = "plots";

  /** Every file name a run or its report writes at the top of the directory. */
  static final List<String> OWNED =
      List.of(
          METRICS_JSON,
          METRICS_CSV,
          TIMESERIES_CSV,
          EXPERIMENT_YAML,
          SETTINGS_JSON,
          RUN_JSON,
          REPORT_HTML);

  /** The files a run writes, the report aside: what {@code report} carries into a new directory. */
  public static final List<String> RESULTS =
      List.of(METRICS_JSON, METRICS_CSV, TIMESERIES_CSV, EXPERIMENT_YAML, SETTINGS_JSON, RUN_JSON);

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  /**
   * Every file of a finished run: the input as given ({@code experimentYaml}), settings.json, the
   * results ({@code run}), timeseries.csv when a point has a series, and run.json.
   */
  public static RunFiles of(byte[] experimentYaml, RunRecord run, RunInfo info) {
    RunFiles files =
        new RunFiles()
            .put(EXPERIMENT_YAML, experimentYaml)
            .put(SETTINGS_JSON, info.settingsJson())
            .put(METRICS_JSON, MetricsFiles.json(run))
            .put(METRICS_CSV, MetricsFiles.csv(run));
    if (TimeSeries.any(run)) {
      files.put(TIMESERIES_CSV, TimeSeries.csv(run));
    }
    return files.put(RUN_JSON, info.runJson());
  }

  public RunFiles put(String name, String content) {
    return put(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public RunFiles put(String name, byte[] content) {
    if (!OWNED.contains(name)) {
      throw new IllegalArgumentException("not a results file: " + name);
    }
    files.put(name, content.clone());
    return this;
  }

  /** Writes these files into a new directory being staged, run.json last. */
  public void writeInto(OutputDir.Staging staging) throws IOException {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (!f.getKey().equals(RUN_JSON)) {
        staging.write(f.getKey(), f.getValue());
      }
    }
    if (files.containsKey(RUN_JSON)) {
      staging.write(RUN_JSON, files.get(RUN_JSON));
    }
  }

  /**
   * Replaces {@code dir} (created if need be) as a whole with a directory of these files; see
   * {@link OutputDir}.
   */
  public void writeTo(Path dir) throws IOException {
    try (OutputDir out = OutputDir.lock(dir)) {
      OutputDir.Staging staging = out.stage();
      try {
        writeInto(staging);
      } catch (IOException | RuntimeException e) {
        staging.abandon();
        throw e;
      }
      staging.commit();
    }
  }
}
