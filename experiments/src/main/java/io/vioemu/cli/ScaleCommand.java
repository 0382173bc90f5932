package io.vioemu.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vioemu.lang.UsageException;
import io.vioemu.runner.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vioemu bench scale}: one experiment at several shapes of the cluster (JVMs, partitions per
 * JVM, workers per partition), each in fresh processes, optionally pinned to cores with {@code
 * taskset}, rounds alternating so that every shape sees the same machine; one JSON line per run.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description =
        "Run an experiment file at several cluster shapes (JVMs x partitions x workers) in fresh"
            + " processes and print one JSON line per run: wall time, events/s, windows, barrier"
            + " wait, what crossed between partitions, checksum.")
final class ScaleCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The experiment file.")
  Path file;

  @Option(
      names = "--shapes",
      split = ",",
      defaultValue = "1x1x1,1x2x1,1x1x2,2x1x1",
      description =
          "Cluster shapes as JVMSxPARTITIONSxWORKERS (per JVM, per partition)"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> shapes;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Runs of every shape, alternating (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--pin",
      description =
          "Pin with taskset: JVM j gets cores j*P*W .. (j+1)*P*W-1 of this machine, so a shape"
              + " of 1x1x1 runs on one core.")
  boolean pin;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Passed to every run (see 'run --set').")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("bench scale: no experiment file " + file);
    }
    if (rounds < 1 || rounds > 100) {
      throw new UsageException("--rounds must be within 1..100, was " + rounds);
    }
    List<Shape> parsed = new ArrayList<>();
    for (String s : shapes) {
      parsed.add(Shape.parse(s));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (Shape s : parsed) {
      if (pin && s.cores() > cores) {
        throw new UsageException(
            "--pin: shape " + s + " needs " + s.cores() + " cores, this machine has " + cores);
      }
    }
    Path scratch = Files.createTempDirectory("vioemu-scale-");
    try {
      for (int round = 0; round < rounds; round++) {
        for (Shape s : parsed) {
          System.out.println(runOnce(s, round, scratch.resolve(s + "-" + round)));
          System.out.flush();
        }
      }
    } finally {
      deleteTree(scratch);
    }
    return Main.EXIT_OK;
  }

  private String runOnce(Shape s, int round, Path out) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    if (pin) {
      args.addAll(List.of("taskset", "-c", s.coresOfJvm(0)));
    }
    args.addAll(JavaCommand.sameJvm(Main.class.getName()));
    args.addAll(
        List.of(
            "run",
            file.toString(),
            "--out",
            out.toString(),
            "--progress",
            "none",
            "--quiet",
            "--jvms",
            Integer.toString(s.jvms()),
            "--partitions",
            Integer.toString(s.partitions()),
            "--workers",
            Integer.toString(s.workers())));
    if (pin && s.jvms() > 1) {
      List<String> nodes = new ArrayList<>();
      for (int j = 1; j < s.jvms(); j++) {
        nodes.add(s.coresOfJvm(j).replace(',', '+'));
      }
      args.add("--node-cpus=" + String.join(",", nodes));
    }
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    Process p =
        new ProcessBuilder(args)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "bench scale: the run of shape " + s + " failed (its error is above)");
    }
    return line(s, round, out);
  }

  private String line(Shape s, int round, Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode run = json.readTree(out.resolve("run.json").toFile());
    JsonNode metrics = json.readTree(out.resolve("metrics.json").toFile()).path("metrics");
    JsonNode x = run.path("exchange");
    long windows = run.path("windows").asLong();
    double perWindow = Math.max(1, windows);
    return String.format(
        Locale.ROOT,
        "{\"experiment\":\"%s\",\"round\":%d,\"jvms\":%d,\"partitionsPerJvm\":%d,"
            + "\"workersPerPartition\":%d,\"pinned\":%b,\"wallSeconds\":%.3f,"
            + "\"eventsPerSecond\":%.0f,\"events\":%d,\"windows\":%d,\"barrierMeanUs\":%.2f,"
            + "\"barrierP50Us\":%.2f,\"barrierP99Us\":%.2f,\"batchesPerWindow\":%.2f,"
            + "\"eventsCrossingPerWindow\":%.2f,\"bytesPerWindow\":%.1f,\"checksum\":\"%s\"}",
        file.getFileName(),
        round,
        s.jvms(),
        s.partitions(),
        s.workers(),
        pin,
        run.path("wallSeconds").asDouble(),
        run.path("eventsPerSecond").asDouble(),
        metrics.path("events").asLong(),
        windows,
        x.path("meanWaitNs").asDouble() / 1e3,
        x.path("p50WaitNs").asDouble() / 1e3,
        x.path("p99WaitNs").asDouble() / 1e3,
        x.path("batchesSent").asDouble() / perWindow,
        x.path("eventsSent").asDouble() / perWindow,
        x.path("bytesSent").asDouble() / perWindow,
        metrics.path("checksum").asText());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** JVMs x partitions per JVM x workers per partition. */
  record Shape(int jvms, int partitions, int workers) {
    static Shape parse(String text) {
      String[] parts = text.trim().split("x");
      try {
        if (parts.length == 3) {
          Shape s =
              new Shape(
                  Integer.parseInt(parts[0]),
                  Integer.parseInt(parts[1]),
                  Integer.parseInt(parts[2]));
          if (s.jvms >= 1 && s.jvms <= 64 && s.partitions >= 1 && s.workers >= 1) {
            return s;
          }
        }
      } catch (NumberFormatException e) {
        // falls through to the usage error
      }
      throw new UsageException(
          "--shapes: '" + text + "' is not JVMSxPARTITIONSxWORKERS, each at least 1 (e.g. 2x1x1)");
    }

    int cores() {
      return jvms * partitions * workers;
    }

    /** The cores JVM {@code j} is pinned to, as taskset's list. */
    String coresOfJvm(int j) {
      int each = partitions * workers;
      int first = j * each;
      return each == 1 ? Integer.toString(first) : first + "-" + (first + each - 1);
    }

    @Override
    public String toString() {
      return jvms + "x" + partitions + "x" + workers;
    }
  }
}
