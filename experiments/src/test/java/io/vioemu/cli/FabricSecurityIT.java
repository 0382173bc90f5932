package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strangers on the fabric port: a two-JVM run that receives random, forged and stale datagrams on a
 * node's Aeron port finishes with the same metrics.json as a one-JVM run, and run.json counts what
 * was dropped. (Before the MAC, a forged batch with a valid header was taken as partition 0's and
 * failed the run.)
 */
class FabricSecurityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  /** PHOLD for a few seconds of wall time on two JVMs, so the datagrams arrive mid-run. */
  private static Path experiment(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("phold.yaml"),
        """
        name: fabric-under-attack
        model: phold
        seed: 9
        endUs: 3000
        params:
          lps: 256
          population: 8
          remote: 0.25
          lookaheadPs: 1_000_000
          meanPs: 1_000_000
        """);
  }

  @Test
  void shouldKeepMetricsByteIdenticalAndCountDropsWhenStrangersSendDatagramsMidRun(
      @TempDir Path dir, TestInfo info) throws Exception {
    long seed = System.nanoTime();
    System.out.println(info.getDisplayName() + " seed=" + seed);
    Random random = new Random(seed);
    Path file = experiment(dir);
    Cli.Result alone =
        Cli.run(TIMEOUT, "run", file.toString(), "--out", dir.resolve("one").toString());
    assertEquals(0, alone.exitCode(), alone.stderr());

    int aeronPort = freeUdpPort();
    Cli node = Cli.start("node", "--aeron-port", Integer.toString(aeronPort));
    Cli runner = null;
    try {
      String seedNode = node.awaitNodeUp(TIMEOUT);
      Path two = dir.resolve("two");
      runner =
          Cli.start(
              "run",
              file.toString(),
              "--jvms",
              "2",
              "--seed-nodes",
              seedNode,
              "--out",
              two.toString());
      assertNotNull(runner.awaitStderr("started on 2 JVMs", TIMEOUT), "run never started");
      FabricAttack.attack(node, runner, "127.0.0.1", aeronPort, random, TIMEOUT);
      Cli.Result r = runner.await(TIMEOUT);
      assertEquals(0, r.exitCode(), "the run must survive the datagrams: " + r.stderr());

      byte[] expected = Files.readAllBytes(dir.resolve("one").resolve("metrics.json"));
      assertArrayEquals(
          expected, Files.readAllBytes(two.resolve("metrics.json")), new String(expected));
      JsonNode rejected =
          new ObjectMapper().readTree(two.resolve("run.json").toFile()).path("rejectedDatagrams");
      System.out.println("run.json rejectedDatagrams: " + rejected);
      assertTrue(rejected.path("malformed").asLong() >= 1, rejected.toString());
      assertTrue(rejected.path("wrongRun").asLong() >= 1, rejected.toString());
      assertTrue(rejected.path("badMac").asLong() >= 1, rejected.toString());
      assertTrue(rejected.path("notAeron").asLong() >= 1, rejected.toString());
    } finally {
      if (runner != null) {
        runner.kill();
      }
      node.kill();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
