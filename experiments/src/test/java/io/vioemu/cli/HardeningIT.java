package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 as a careless user meets it, with real processes: a node outlives a runner killed
 * mid-run and serves the next run; a second run into a busy directory exits at once; a signal after
 * the results are announced leaves a complete directory; a wall-time limit stops a run; a device is
 * not read.
 */
class HardeningIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path dir;

  private Path phold(String name, String endUs) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        "name: "
            + name
            + "\nmodel: phold\nseed: 5\nendUs: "
            + endUs
            + "\nparams: {lps: 64, population: 2}\n");
  }

  private static void assertExit(Cli.Result r, int code, String expected) {
    assertEquals(code, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(expected), "expected '" + expected + "' in: " + r.stderr());
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldServeTheNextRunWhenTheRunnerOfTheLastOneWasKilled() throws Exception {
    Path long_ = phold("long", "100000000");
    Path short_ = phold("short", "2000");
    Path busy = dir.resolve("busy");
    Cli node = Cli.start("node");
    Cli runner = null;
    try {
      String seed = node.awaitNodeUp(SHORT);
      runner =
          Cli.start(
              "run", long_.toString(), "--jvms", "2", "--seed-nodes", seed, "--out", "" + busy);
      assertNotNull(runner.awaitStderr("started on 2 JVMs", LONG), "run never started");
      // Failure 4: a second run into the same directory exits 2 at once, naming the holder.
      Cli.Result second = Cli.run(SHORT, "run", short_.toString(), "--out", busy.toString());
      assertExit(second, 2, "in use by another run (pid " + runner.process().pid());
      // Failure 1: kill -9 the runner mid-run; the node must serve the next run.
      runner.process().destroyForcibly();
      runner.await(SHORT);
      Path again = dir.resolve("again");
      Cli.Result next =
          Cli.run(
              LONG,
              "run",
              short_.toString(),
              "--jvms",
              "2",
              "--seed-nodes",
              seed,
              "--out",
              again.toString(),
              "--progress",
              "plain");
      assertEquals(0, next.exitCode(), next.stderr());
      Path fresh = dir.resolve("fresh");
      Cli.Result clean =
          Cli.run(LONG, "run", short_.toString(), "--jvms", "2", "--out", fresh.toString());
      assertEquals(0, clean.exitCode(), clean.stderr());
      assertEquals(
          Files.readString(fresh.resolve("metrics.json")),
          Files.readString(again.resolve("metrics.json")),
          "the node that served a killed run gives a fresh cluster's metrics");
      assertFalse(Files.exists(busy), "the killed run wrote nothing");
    } finally {
      if (runner != null) {
        runner.kill();
      }
      node.kill();
    }
  }

  @Test
  void shouldLeaveACompleteDirectoryWhenInterruptedAfterTheResultsAreAnnounced() throws Exception {
    Path f = phold("swap", "200");
    Path out = dir.resolve("out");
    Cli.Result first = Cli.run(SHORT, "run", f.toString(), "--out", out.toString());
    assertEquals(0, first.exitCode(), first.stderr());
    String old = Files.readString(out.resolve("metrics.json"));
    Cli second = Cli.start("run", f.toString(), "--seed", "9", "--out", out.toString());
    try {
      assertNotNull(second.awaitStdout("results: ", SHORT), "no results line");
      new ProcessBuilder("kill", "-INT", Long.toString(second.process().pid())).start().waitFor();
      second.await(SHORT);
      String now = Files.readString(out.resolve("metrics.json"));
      assertTrue(now.contains("\"seed\":9") || now.equals(old), now);
      assertEquals(
          List.of(
              "experiment.yaml",
              "metrics.csv",
              "metrics.json",
              "report.html",
              "run.json",
              "settings.json"),
          names(out));
      String settings = Files.readString(out.resolve("settings.json"));
      assertEquals(now.contains("\"seed\":9"), settings.contains("\"seed\":9"), settings);
      assertEquals(List.of(".out.lock", "out", "swap.yaml"), names(dir));
    } finally {
      second.kill();
    }
  }

  @Test
  void shouldStopWithExitOneWritingNothingWhenTheWallTimeLimitPasses() throws Exception {
    Path f = phold("endless", "100000000");
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(SHORT, "run", f.toString(), "--max-wall", "2", "--out", "" + out);
    assertExit(r, 1, "wall-time limit of 2 s");
    assertFalse(Files.exists(out), "nothing written");
    assertTrue(r.elapsed().toSeconds() < 40, "took " + r.elapsed());
  }

  @Test
  void shouldRefuseADeviceAtOnceWhenValidated() {
    Cli.Result r = Cli.run(SHORT, "validate", "/dev/zero");
    assertExit(r, 2, "/dev/zero:1:1: not a regular file");
    assertTrue(r.elapsed().toSeconds() < 30, "took " + r.elapsed());
  }
}
