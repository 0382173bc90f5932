package io.vioemu.results;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * metrics.json and metrics.csv of a {@link RunRecord}. metrics.json is one line with its fields in
 * a fixed order: the experiment, the versions, the seed and end time, the parameters (sorted by
 * name; for a sweep, those every point shares), then the run's {@code metrics}, {@code results} and
 * {@code entities}, or a sweep's shape and each point's. metrics.csv holds the same results in long
 * form.
 */
final class MetricsFiles {
  /** The version of metrics.json's layout; a change to it is a change to this number. */
  /** 2: the window count moved to run.json, since it depends on where partitions are cut. */
  static final int LAYOUT_VERSION = 2;

  private MetricsFiles() {}

  static String json(RunRecord run) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("experiment", run.experiment());
          g.writeStringField("model", run.model());
          g.writeObjectFieldStart("versions");
          g.writeStringField("vioemu", Versions.vioemu());
          g.writeNumberField("metricsJson", LAYOUT_VERSION);
          g.writeEndObject();
          g.writeNumberField("seed", run.seed());
          g.writeNumberField("endPs", run.endPs());
          g.writeFieldName("params");
          strings(g, new TreeMap<>(sharedParams(run)));
          if (run.isSweep()) {
            sweep(g, run);
          } else {
            body(g, run.points().get(0));
          }
          g.writeEndObject();
        });
  }

  /** The parameters every point shares: a sweep's swept ones are each point's own. */
  private static Map<String, String> sharedParams(RunRecord run) {
    Map<String, String> shared = new TreeMap<>(run.params());
    if (run.isSweep()) {
      shared.keySet().removeAll(run.sweep().names());
    }
    return shared;
  }

  private static void sweep(JsonGenerator g, RunRecord run) throws IOException {
    g.writeObjectFieldStart("sweep");
    g.writeStringField("mode", run.sweep().mode());
    g.writeArrayFieldStart("params");
    for (String name : run.sweep().names()) {
      g.writeString(name);
    }
    g.writeEndArray();
    g.writeNumberField("repetitions", run.sweep().repetitions());
    g.writeEndObject();
    g.writeArrayFieldStart("points");
    for (PointResult p : run.points()) {
      g.writeStartObject();
      g.writeNumberField("index", p.index());
      g.writeFieldName("params");
      strings(g, p.swept());
      g.writeNumberField("seed", p.seed());
      body(g, p);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code "metrics":{...},"results":{...},"entities":{...}} of one run. */
  private static void body(JsonGenerator g, PointResult p) throws IOException {
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("events", p.events());
    g.writeStringField("checksum", p.checksumHex());
    g.writeEndObject();
    g.writeObjectFieldStart("results");
    for (Map.Entry<String, BigDecimal> r : p.results().named().entrySet()) {
      g.writeNumberField(r.getKey(), r.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("entities");
    for (int id = 0; id < p.entities().size(); id++) {
      SortedMap<String, Long> counters = p.entities().get(id);
      if (!counters.isEmpty()) {
        g.writeObjectFieldStart(Integer.toString(id));
        for (Map.Entry<String, Long> c : counters.entrySet()) {
          g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, Map<String, String> values) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> v : values.entrySet()) {
      g.writeStringField(v.getKey(), v.getValue());
    }
    g.writeEndObject();
  }

  /**
   * One {@code entity,metric,value} row per result: first the model-level {@code metrics} (entity
   * {@code model}), then the derived results (entity {@code results}), then every entity's counters
   * by id; a sweep's rows start with the point's index and swept values. Run metadata (experiment,
   * seed, parameters) stays in metrics.json.
   */
  static String csv(RunRecord run) {
    List<String> header = new ArrayList<>();
    if (run.isSweep()) {
      header.add("point");
      header.addAll(run.sweep().names());
    }
    header.addAll(List.of("entity", "metric", "value"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (PointResult p : run.points()) {
      List<String> prefix = new ArrayList<>();
      if (run.isSweep()) {
        prefix.add(Integer.toString(p.index()));
        prefix.addAll(p.swept().values());
      }
      for (List<String> row : rows(p)) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(row);
        rows.add(full);
      }
    }
    return Csv.write(rows);
  }

  private static List<List<String>> rows(PointResult p) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model", "events", Long.toString(p.events())));
    rows.add(List.of("model", "checksum", p.checksumHex()));
    p.results().named().forEach((k, v) -> rows.add(List.of("results", k, v.toPlainString())));
    for (int id = 0; id < p.entities().size(); id++) {
      String entity = Integer.toString(id);
      p.entities().get(id).forEach((k, v) -> rows.add(List.of(entity, k, Long.toString(v))));
    }
    return rows;
  }
}
