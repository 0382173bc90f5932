package io.vioemu.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a results directory, written together once the run is over.
 *
 * <p>{@code run.json} is the marker of a complete directory: it is removed first and written last,
 * so a directory without it is incomplete (a run interrupted while writing). Every file goes to a
 * temporary name beside its target and is then renamed, so no reader sees half a file. A run into a
 * directory that holds an earlier run's results replaces them: the earlier run's files that this
 * run does not write ({@code timeseries.csv} of a run with series, say) and the earlier report
 * ({@code report.html}, {@code plots/*.png}, {@code plots/*.svg}) are deleted before the new files
 * go in, so nothing stale looks like part of the new run. Only those names are touched: other files
 * in the directory stay.
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

  /** Replaces the results in {@code dir} (created if need be) with these files, run.json last. */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(RUN_JSON));
    for (String name : OWNED) {
      Files.deleteIfExists(temporary(dir.resolve(name)));
      if (!files.containsKey(name)) {
        Files.deleteIfExists(dir.resolve(name));
      }
    }
    deletePlots(dir.resolve(PLOTS));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (!f.getKey().equals(RUN_JSON)) {
        AtomicFiles.write(dir.resolve(f.getKey()), f.getValue());
      }
    }
    if (files.containsKey(RUN_JSON)) {
      AtomicFiles.write(dir.resolve(RUN_JSON), files.get(RUN_JSON));
    }
  }

  /** The report's plots; the directory goes too if nothing else is in it. */
  private static void deletePlots(Path plots) throws IOException {
    if (!Files.isDirectory(plots)) {
      return;
    }
    try (DirectoryStream<Path> in = Files.newDirectoryStream(plots, "*.{png,svg}")) {
      for (Path p : in) {
        Files.deleteIfExists(p);
      }
    }
    try (DirectoryStream<Path> left = Files.newDirectoryStream(plots)) {
      if (!left.iterator().hasNext()) {
        Files.deleteIfExists(plots);
      }
    }
  }

  private static Path temporary(Path target) {
    return AtomicFiles.temporary(target);
  }
}
