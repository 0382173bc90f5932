package io.vioemu.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code run} left in a directory, read once: metrics.json (required), run.json,
 * experiment.yaml, settings.json and timeseries.csv (each optional: older directories lack some;
 * what is missing or unreadable becomes a note in the report).
 *
 * @param dir the directory
 * @param experiment the experiment's name
 * @param model the model's name
 * @param seed the run's seed, as written
 * @param endPs simulated end time in picoseconds, as written
 * @param sharedParams the params every point shares (a sweep's swept params left out)
 * @param sweep the sweep, or null for a single run
 * @param points the measured points, in order (one for a single run)
 * @param input the experiment file's copy
 * @param settings settings.json's {@code seed}, {@code jvms} and {@code set}, or null if missing
 * @param run run.json's fields, as written (empty if missing)
 * @param runJson run.json's text, or null if missing
 * @param series timeseries.csv's rows (empty if missing)
 * @param files which of the optional files exist (metrics.csv, run.json, ...)
 * @param notes what was missing or unreadable, in words
 */
public record RunDirectory(
    Path dir,
    String experiment,
    String model,
    String seed,
    String endPs,
    Map<String, String> sharedParams,
    SweepInfo sweep,
    List<RunPoint> points,
    ExperimentFile input,
    Settings settings,
    Map<String, String> run,
    String runJson,
    List<SeriesRow> series,
    List<String> files,
    List<String> notes) {

  public static final String METRICS_JSON = "metrics.json";

  /**
   * A sweep's shape.
   *
   * @param mode cartesian or zipped
   * @param params the swept params' names, in order
   * @param repetitions runs of each combination
   */
  public record SweepInfo(String mode, List<String> params, int repetitions) {}

  /**
   * The command line's choices.
   *
   * @param seed the seed used, or null if not recorded
   * @param jvms how many JVMs ran it, or null if not recorded
   * @param set the {@code --set} overrides, as given
   */
  public record Settings(String seed, String jvms, List<String> set) {}

  public boolean isSweep() {
    return sweep != null;
  }

  public static RunDirectory load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new BadRunDirectoryException(
          dir + ": no such directory (a run's output directory, as given to 'run --out')");
    }
    Path metricsPath = dir.resolve(METRICS_JSON);
    if (!Files.isRegularFile(metricsPath, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadRunDirectoryException(
          metricsPath
              + ": missing, so "
              + dir
              + " is not a run's output directory"
              + " (write one with 'vioemu run FILE --out "
              + dir
              + "')");
    }
    List<String> notes = new ArrayList<>();
    Map<String, Object> metrics =
        mapping(Json.parse(metricsPath.toString(), read(metricsPath)), metricsPath, "the file");
    Loader l = new Loader(dir, metricsPath, metrics, notes);
    return l.build();
  }

  /** Reads the rest around a parsed metrics.json. */
  private static final class Loader {
    private final Path dir;
    private final Path metricsPath;
    private final Map<String, Object> metrics;
    private final List<String> notes;

    Loader(Path dir, Path metricsPath, Map<String, Object> metrics, List<String> notes) {
      this.dir = dir;
      this.metricsPath = metricsPath;
      this.metrics = metrics;
      this.notes = notes;
    }

    RunDirectory build() throws IOException {
      String experiment =
          scalar(metrics.get("experiment"), "experiment").orElse(dir.getFileName().toString());
      Map<String, String> shared = strings(metrics.get("params"), "params");
      SweepInfo sweep = sweep();
      List<RunPoint> points = sweep == null ? List.of(single(shared)) : points(sweep, shared);
      List<String> files = new ArrayList<>();
      for (String f :
          List.of(
              "metrics.csv", "run.json", "experiment.yaml", "settings.json", "timeseries.csv")) {
        if (Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
          files.add(f);
        } else if (!f.equals("timeseries.csv")) {
          notes.add(f + " is missing from " + dir + " (a directory from an older vioemu?)");
        }
      }
      String runJson = optionalText("run.json");
      return new RunDirectory(
          dir,
          experiment,
          scalar(metrics.get("model"), "model").orElse("?"),
          scalar(metrics.get("seed"), "seed").orElse("?"),
          scalar(metrics.get("endPs"), "endPs").orElse("?"),
          shared,
          sweep,
          points,
          input(),
          settings(),
          runJson == null ? Map.of() : flat("run.json", runJson),
          runJson,
          series(points.size()),
          files,
          List.copyOf(notes));
    }

    private SweepInfo sweep() throws BadRunDirectoryException {
      Object points = metrics.get("points");
      if (points == null) {
        return null;
      }
      Map<String, Object> s =
          metrics.get("sweep") == null
              ? Map.of()
              : mapping(metrics.get("sweep"), metricsPath, "field 'sweep'");
      List<String> names = new ArrayList<>();
      if (s.get("params") instanceof List<?> list) {
        list.forEach(n -> names.add(String.valueOf(n)));
      }
      int repetitions = 1;
      try {
        repetitions = Integer.parseInt(String.valueOf(s.getOrDefault("repetitions", "1")));
      } catch (NumberFormatException e) {
        notes.add("metrics.json: sweep.repetitions is not a number; taken as 1");
      }
      return new SweepInfo(
          String.valueOf(s.getOrDefault("mode", "cartesian")), List.copyOf(names), repetitions);
    }

    private RunPoint single(Map<String, String> shared) throws BadRunDirectoryException {
      return new RunPoint(
          0,
          "run",
          scalar(metrics.get("seed"), "seed").orElse("?"),
          Map.of(),
          shared,
          strings(metrics.get("results"), "results"),
          entities(metrics.get("entities"), "entities"));
    }

    private List<RunPoint> points(SweepInfo sweep, Map<String, String> shared)
        throws BadRunDirectoryException {
      if (!(metrics.get("points") instanceof List<?> list)) {
        throw corrupt("field 'points' is not a list");
      }
      List<RunPoint> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String field = "points[" + i + "]";
        Map<String, Object> p = mapping(list.get(i), metricsPath, "field '" + field + "'");
        Map<String, String> swept = strings(p.get("params"), field + ".params");
        Map<String, String> all = new LinkedHashMap<>(shared);
        if (p.get("allParams") != null) {
          all = strings(p.get("allParams"), field + ".allParams");
        } else {
          all.putAll(swept);
        }
        String seed = scalar(p.get("seed"), field + ".seed").orElse("?");
        int index = i;
        Optional<String> written = scalar(p.get("index"), field + ".index");
        if (written.isPresent()) {
          try {
            index = Integer.parseInt(written.get());
          } catch (NumberFormatException e) {
            throw corrupt("field '" + field + ".index' is not an integer");
          }
        }
        out.add(
            new RunPoint(
                index,
                label(swept, seed, sweep, index),
                seed,
                swept,
                all,
                strings(p.get("results"), field + ".results"),
                entities(p.get("entities"), field + ".entities")));
      }
      return out;
    }

    private static String label(Map<String, String> swept, String seed, SweepInfo s, int index) {
      String label =
          swept.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(" "));
      if (s.repetitions() > 1 || label.isEmpty()) {
        label = (label.isEmpty() ? "" : label + " ") + "seed=" + seed;
      }
      return label.isBlank() ? "point " + index : label;
    }

    private Map<String, Map<String, String>> entities(Object v, String field)
        throws BadRunDirectoryException {
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      if (v == null) {
        return out;
      }
      for (Map.Entry<String, Object> e :
          mapping(v, metricsPath, "field '" + field + "'").entrySet()) {
        out.put(e.getKey(), strings(e.getValue(), field + "." + e.getKey()));
      }
      return out;
    }

    private Map<String, String> strings(Object v, String field) throws BadRunDirectoryException {
      Map<String, String> out = new LinkedHashMap<>();
      if (v == null) {
        return out;
      }
      for (Map.Entry<String, Object> e :
          mapping(v, metricsPath, "field '" + field + "'").entrySet()) {
        out.put(
            e.getKey(),
            scalar(e.getValue(), field + "." + e.getKey())
                .orElseThrow(() -> corrupt("field '" + field + "." + e.getKey() + "' is empty")));
      }
      return out;
    }

    private Optional<String> scalar(Object v, String field) throws BadRunDirectoryException {
      if (v == null) {
        return Optional.empty();
      }
      if (!(v instanceof String s)) {
        throw corrupt("field '" + field + "' is not a single value");
      }
      return Optional.of(s);
    }

    private BadRunDirectoryException corrupt(String what) {
      return new BadRunDirectoryException(metricsPath + ": " + what);
    }

    private ExperimentFile input() throws IOException {
      String text = optionalText("experiment.yaml");
      if (text == null) {
        return ExperimentFile.MISSING;
      }
      ExperimentFile f = ExperimentFile.of(dir.resolve("experiment.yaml").toString(), text);
      if (f.problem() != null) {
        notes.add(
            "experiment.yaml could not be read, so its references are not checked: " + f.problem());
      }
      return f;
    }

    private Settings settings() throws IOException {
      String text = optionalText("settings.json");
      if (text == null) {
        return null;
      }
      try {
        Object root = Json.parse(dir.resolve("settings.json").toString(), text);
        if (!(root instanceof Map<?, ?> m)) {
          throw new BadRunDirectoryException("settings.json: not a JSON object");
        }
        List<String> set = new ArrayList<>();
        if (m.get("set") instanceof List<?> list) {
          list.forEach(s -> set.add(String.valueOf(s)));
        }
        return new Settings(
            Objects.toString(m.get("seed"), null),
            Objects.toString(m.get("jvms"), null),
            List.copyOf(set));
      } catch (BadRunDirectoryException e) {
        notes.add("settings.json could not be read: " + e.getMessage());
        return null;
      }
    }

    /** run.json's top-level fields; nested values are kept as their text. */
    private Map<String, String> flat(String name, String text) {
      try {
        Object root = Json.parse(dir.resolve(name).toString(), text);
        Map<String, String> out = new LinkedHashMap<>();
        if (root instanceof Map<?, ?> m) {
          m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
      } catch (BadRunDirectoryException e) {
        notes.add(name + " could not be read: " + e.getMessage());
        return Map.of();
      }
    }

    private List<SeriesRow> series(int pointCount) throws IOException {
      String text = optionalText("timeseries.csv");
      if (text == null) {
        return List.of();
      }
      try {
        return TimeSeriesCsv.parse(text, pointCount);
      } catch (IllegalArgumentException e) {
        notes.add("timeseries.csv could not be read, so it is not plotted: " + e.getMessage());
        return List.of();
      }
    }

    private String optionalText(String name) throws IOException {
      Path p = dir.resolve(name);
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      try {
        return read(p);
      } catch (BadRunDirectoryException e) {
        notes.add(e.getMessage() + "; left out of the report");
        return null;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Object v, Path file, String what)
      throws BadRunDirectoryException {
    if (!(v instanceof Map<?, ?>)) {
      throw new BadRunDirectoryException(file + ": " + what + " is not a JSON object");
    }
    return (Map<String, Object>) v;
  }

  /** UTF-8, strictly: a file that is not text is reported, not shown as mojibake. */
  private static String read(Path p) throws IOException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(p, InputFiles.MAX_RESULTS_BYTES, LinkOption.NOFOLLOW_LINKS);
    } catch (InputFiles.Refused e) {
      throw new BadRunDirectoryException(p + ": " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRunDirectoryException(p + ": not UTF-8 text");
    }
  }
}
