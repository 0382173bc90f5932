package io.vioemu.cli;

import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/** Runs a validated experiment and writes its results atomically. */
final class ExperimentRunner {
  private ExperimentRunner() {}

  static int run(Experiment e, Long seedOverride, Path outOverride, ClusterOptions cluster)
      throws IOException {
    long seed = seedOverride != null ? seedOverride : e.seed();
    checkModel(e);
    Path out = outOverride != null ? outOverride : Path.of("results", e.name());
    RunSpec spec = new RunSpec(e.name(), e.model(), e.params(), seed, e.endPs(), cluster.jvms);
    System.err.println(
        "vioemu: running "
            + e.file()
            + " (model "
            + e.model()
            + ", seed "
            + seed
            + ", "
            + cluster.jvms
            + " JVM"
            + (cluster.jvms == 1 ? "" : "s")
            + ")");
    RunResult r = LocalCluster.run(spec, cluster);
    Files.createDirectories(out);
    writeAtomically(out.resolve("metrics.json"), metricsJson(e, seed, r));
    writeAtomically(
        out.resolve("run.json"),
        String.format(
            Locale.ROOT,
            "{\"jvms\":%d,\"setupSeconds\":%.3f,\"wallSeconds\":%.3f,\"eventsPerSecond\":%.0f}%n",
            r.partitions(),
            r.setupNanos() / 1e9,
            r.runNanos() / 1e9,
            r.events() / Math.max(r.runNanos() / 1e9, 1e-9)));
    System.out.println("results: " + out.resolve("metrics.json"));
    System.out.println(
        String.format(
            Locale.ROOT,
            "%d events in %.3f s wall, checksum %s",
            r.events(),
            r.runNanos() / 1e9,
            r.checksumHex()));
    return Main.EXIT_OK;
  }

  /** Builds the model once here, so bad parameters fail before any JVM starts, at their line. */
  static void checkModel(Experiment e) {
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
      registry.create(e.model(), e.params());
    } catch (ModelParameterException bad) {
      throw new UsageException(
          e.where("params." + bad.parameter())
              + "field 'params."
              + bad.parameter()
              + "': "
              + Main.oneLine(bad));
    } catch (RuntimeException bad) {
      throw new UsageException(
          e.where("model") + "model '" + e.model() + "': " + Main.oneLine(bad));
    }
  }

  /** Only what the model computed: identical for any number of JVMs. */
  static String metricsJson(Experiment e, long seed, RunResult r) {
    StringBuilder params = new StringBuilder();
    for (Map.Entry<String, String> p : new java.util.TreeMap<>(e.params()).entrySet()) {
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
    return String.format(
        Locale.ROOT,
        "{\"experiment\":\"%s\",\"model\":\"%s\",\"seed\":%d,\"endPs\":%d,\"params\":{%s},"
            + "\"metrics\":{\"events\":%d,\"windows\":%d,\"checksum\":\"%s\"},\"entities\":{%s}}%n",
        e.name(),
        e.model(),
        seed,
        e.endPs(),
        params,
        r.events(),
        r.windows(),
        r.checksumHex(),
        entitiesJson(r));
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

  /** Write to a temporary file beside the target, then rename: readers never see half a file. */
  static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
