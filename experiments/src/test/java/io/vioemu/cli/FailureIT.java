package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and lost peers end a run quickly with one clear line, never a hang. */
class FailureIT {
  private static final Duration SHORT = Duration.ofSeconds(60);

  /** A loaded two-core machine takes tens of seconds to start and join a second JVM. */
  private static final Duration LONG = Duration.ofSeconds(120);

  /** Long enough that the run is still going when the test breaks something. */
  private static final String LONG_RUN_END_US = "10000000";

  private static void assertOneLineError(Cli.Result r, int exitCode, String expected) {
    assertEquals(exitCode, r.exitCode(), r.stderr());
    String last =
        r.stderr().lines().filter(l -> l.startsWith("vioemu: error:")).findFirst().orElse("");
    assertTrue(last.contains(expected), "expected '" + expected + "' in: " + r.stderr());
  }

  @Test
  void shouldExitWithUsageErrorWhenFlagIsUnknown() {
    Cli.Result r = Cli.run(SHORT, "bench", "phold", "--lpz", "10");
    assertOneLineError(r, 2, "Unknown options: '--lpz'");
  }

  @Test
  void shouldExitWithUsageErrorWhenLookaheadIsNegative() {
    Cli.Result r = Cli.run(SHORT, "bench", "phold", "--lookahead-ns", "-5");
    assertOneLineError(r, 2, "--lookahead-ns must be > 0, was -5");
  }

  @Test
  void shouldGiveUpWithinSecondsWhenSeedNodeIsUnreachable() throws IOException {
    int port = freeTcpPort();
    Cli.Result r =
        Cli.run(SHORT, "node", "--seed-nodes", "127.0.0.1:" + port, "--join-timeout-s", "3");
    assertOneLineError(
        r, 1, "cannot join cluster: no seed node of [127.0.0.1:" + port + "] answered within 3 s");
    assertTrue(r.elapsed().toSeconds() < 30, "took " + r.elapsed());
  }

  @Test
  void shouldFailNamingTheLostNodeWhenAPeerJvmDiesMidRun() throws Exception {
    Cli runner =
        Cli.start("bench", "phold", "--lps", "256", "--end-us", LONG_RUN_END_US, "--jvms", "2");
    try {
      assertNotNull(runner.awaitStderr("started on 2 JVMs", SHORT), "run never started");
      ProcessHandle child = runner.process().children().findFirst().orElseThrow();
      long killedAt = System.nanoTime();
      child.destroyForcibly();
      Cli.Result r = runner.await(SHORT);
      Duration toFail = Duration.ofNanos(System.nanoTime() - killedAt);
      assertOneLineError(r, 1, "lost node");
      assertTrue(r.stderr().contains("pid " + child.pid()), r.stderr());
      assertTrue(toFail.toSeconds() < 10, "took " + toFail + " to notice");
    } finally {
      runner.kill();
    }
  }

  /**
   * Two points on two JVMs: the first is over in a few windows, the second takes minutes (a window
   * per simulated microsecond), so the test acts while the sweep is under way on a reused cluster.
   */
  private static Path twoPointSweep(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("sweep.yaml"),
        """
        name: failing-sweep
        model: phold
        seed: 3
        endUs: 1_000_000
        params:
          lps: 64
          remote: 0.25
          meanPs: 1_000_000
        sweep:
          params:
            lookaheadPs: [10_000_000_000, 1_000_000]
        """);
  }

  @Test
  void shouldExitOneWritingNothingWhenAChildJvmDiesMidSweep(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Cli runner =
        Cli.start("run", twoPointSweep(dir).toString(), "--jvms", "2", "--out", out.toString());
    try {
      assertNotNull(runner.awaitStderr("wall so far", LONG), "first point never finished");
      ProcessHandle child = runner.process().children().findFirst().orElseThrow();
      child.destroyForcibly();
      Cli.Result r = runner.await(SHORT);
      assertOneLineError(r, 1, "lost node");
      assertTrue(r.stderr().contains("pid " + child.pid()), r.stderr());
      assertFalse(Files.exists(out), "a failed sweep writes nothing");
    } finally {
      runner.kill();
    }
  }

  @Test
  void shouldExitOneStoppingItsJvmsWhenTerminatedMidSweep(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Cli runner =
        Cli.start("run", twoPointSweep(dir).toString(), "--jvms", "2", "--out", out.toString());
    try {
      assertNotNull(runner.awaitStderr("wall so far", LONG), "first point never finished");
      ProcessHandle child = runner.process().children().findFirst().orElseThrow();
      // SIGTERM, which runs the shutdown hooks as Ctrl-C does. (Process.destroy() would also close
      // our end of the pipes, losing what the runner prints on its way out.)
      runner.process().toHandle().destroy();
      Cli.Result r = runner.await(SHORT);
      assertOneLineError(r, 1, "interrupted; no results written");
      assertFalse(Files.exists(out), "an interrupted sweep writes nothing");
      assertTrue(
          child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get() != null,
          "node JVM " + child.pid() + " still running");
    } finally {
      runner.kill();
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
