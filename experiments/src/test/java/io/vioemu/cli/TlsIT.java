package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS between real processes on loopback: nodes with the cluster's certificate form a
 * cluster and run; a node without a certificate, or with one from another CA, cannot join, so a
 * runner never gives it a partition.
 */
class TlsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String JOIN_TIMEOUT_S = "8";

  @Test
  void shouldRunWithTheCertificateAndRefuseANodeWithoutIt(@TempDir Path dir) throws Exception {
    Path certs = dir.resolve("tls");
    Path otherCa = dir.resolve("other-ca");
    Process made = makeCerts(certs);
    Process madeOther = makeCerts(otherCa);
    assertEquals(0, awaitExit(made), "make-certs.sh for the cluster");
    assertEquals(0, awaitExit(madeOther), "make-certs.sh for another CA");
    Path file = experiment(dir);

    Cli node = Cli.start("node", "--tls", certs.toString());
    try {
      String seed = node.awaitNodeUp(TIMEOUT);
      Cli stranger =
          Cli.start(
              "node",
              "--seed-nodes",
              seed,
              "--tls",
              otherCa.toString(),
              "--join-timeout-s",
              JOIN_TIMEOUT_S);
      assertRefused(stranger.await(TIMEOUT), seed, "a node with another CA's certificate");

      // The runner reads the same key and certificates as PEM (cert-manager's files), if
      // make-certs.sh could write them (it needs openssl): both formats in one cluster.
      Path runnerTls = Files.isDirectory(certs.resolve("pem")) ? certs.resolve("pem") : certs;
      System.out.println("runner --tls " + runnerTls);
      Path out = dir.resolve("two");
      Cli.Result run =
          Cli.run(
              TIMEOUT,
              "run",
              file.toString(),
              "--jvms",
              "2",
              "--seed-nodes",
              seed,
              "--tls",
              runnerTls.toString(),
              "--out",
              out.toString());
      assertEquals(0, run.exitCode(), run.stderr());
      assertEquals(
          2, new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("jvms").asInt());

      // A third JVM without a certificate tries to join while a runner waits for three.
      Cli intruder = Cli.start("node", "--seed-nodes", seed, "--join-timeout-s", "30");
      try {
        Cli.Result three =
            Cli.startWith(
                    List.of("-Dvioemu.runtime.nodes-join-timeout=10s"),
                    "run",
                    file.toString(),
                    "--jvms",
                    "3",
                    "--seed-nodes",
                    seed,
                    "--tls",
                    certs.toString(),
                    "--out",
                    dir.resolve("three").toString())
                .await(TIMEOUT);
        assertEquals(1, three.exitCode(), three.stderr());
        assertTrue(
            three.stderr().contains("only 2 of 3 nodes joined within 10 s"),
            "the intruder must get no partition: " + three.stderr());
        assertRefused(intruder.await(TIMEOUT), seed, "the intruder");
      } finally {
        intruder.kill();
      }
    } finally {
      node.kill();
    }
  }

  private static void assertRefused(Cli.Result r, String seed, String who) {
    assertEquals(1, r.exitCode(), who + " joined: " + r.stdout() + r.stderr());
    assertTrue(
        r.stderr().contains("cannot join cluster: no seed node of [" + seed + "]"),
        who + ": " + r.stderr());
  }

  private static Path experiment(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("phold.yaml"),
        """
        name: tls-run
        model: phold
        seed: 4
        endUs: 200
        params:
          lps: 64
          remote: 0.25
          lookaheadPs: 1_000_000
          meanPs: 1_000_000
        """);
  }

  /**
   * The script users run, from the project's top directory (the tests run in experiments/); also
   * KubernetesRehearsalIT's TLS Secret.
   */
  static Process makeCerts(Path out) throws IOException {
    Path script = Path.of("..", "config", "tls", "make-certs.sh").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), out.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // Ten short keytool JVMs: C1 only and the serial collector take about 40 % off on 2 cores.
    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return pb.start();
  }

  static int awaitExit(Process p) throws InterruptedException {
    assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "make-certs.sh hung");
    assertNotNull(p);
    return p.exitValue();
  }
}
