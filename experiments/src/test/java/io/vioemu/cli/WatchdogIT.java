package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a node's watchdog fails a run whose windows stop advancing, naming the partition. The
 * runner is frozen (SIGSTOP) mid-run, so the node's partitions wait for batches that never come;
 * with a 3 s limit the node reports its partition before the cluster would down the runner.
 */
class WatchdogIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path dir;

  private static void signal(String sig, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
  }

  @Test
  void shouldFailTheRunNamingThePartitionWhenWindowsStopAdvancing() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("stall.yaml"),
            "name: stall\nmodel: phold\nendUs: 100000000\nparams: {lps: 64, population: 2}\n");
    Cli node = Cli.startWith(List.of("-Dvioemu.runtime.window-stall-timeout=3s"), "node");
    Cli runner = null;
    try {
      String seed = node.awaitNodeUp(SHORT);
      runner =
          Cli.start(
              "run",
              f.toString(),
              "--jvms",
              "2",
              "--partitions",
              "1",
              "--seed-nodes",
              seed,
              "--out",
              dir.resolve("out").toString());
      assertNotNull(runner.awaitStderr("started on 2 JVMs", LONG), "run never started");
      Thread.sleep(1_000);
      long pid = runner.process().pid();
      signal("STOP", pid);
      String stalled = node.awaitStderr("partition 1: no window completed for", SHORT);
      signal("CONT", pid);
      assertNotNull(stalled, "the node's watchdog never fired");
      Cli.Result r = runner.await(SHORT);
      assertEquals(1, r.exitCode(), r.stderr());
      assertTrue(r.stderr().contains("vioemu: error:"), r.stderr());
    } finally {
      if (runner != null) {
        runner.kill();
      }
      node.kill();
    }
  }
}
