package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aeron.ExclusivePublication;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.fabric.transport.EmbeddedAeron;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
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
  private static final Pattern RUN_TAG = Pattern.compile("this run's is ([0-9a-f]+)");

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
      attack(node, runner, aeronPort, random);
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

  /**
   * Sends, until the run ends: raw UDP noise (the media driver drops it), Aeron messages of noise
   * (malformed frames), frames with a made-up run tag (wrong run), and, once the node has logged
   * the run's tag (it travels in clear in every frame, so an eavesdropper knows it too), forged
   * batches that claim to be partition 0's with a valid header and a random MAC.
   */
  private static void attack(Cli node, Cli runner, int aeronPort, Random random) throws Exception {
    try (EmbeddedAeron aeron = EmbeddedAeron.launch();
        ExclusivePublication pub =
            aeron
                .aeron()
                .addExclusivePublication(
                    "aeron:udp?endpoint=127.0.0.1:" + aeronPort, AeronFabricTransport.STREAM_ID);
        DatagramSocket udp = new DatagramSocket()) {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      String runTag = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (runner.process().isAlive() && System.nanoTime() < deadline) {
        byte[] noise = new byte[1 + random.nextInt(300)];
        random.nextBytes(noise);
        udp.send(new DatagramPacket(noise, noise.length, loopback, aeronPort));
        pub.offer(new UnsafeBuffer(noise));
        pub.offer(new UnsafeBuffer(frame(random.nextLong(), forgedBody(random), random)));
        if (runTag == null) {
          String line = node.awaitStderr("this run's is ", Duration.ofMillis(20));
          Matcher m = line == null ? null : RUN_TAG.matcher(line);
          runTag = m != null && m.find() ? m.group(1) : null;
        } else {
          pub.offer(
              new UnsafeBuffer(
                  frame(Long.parseUnsignedLong(runTag, 16), forgedBody(random), random)));
        }
        Thread.sleep(20);
      }
    }
  }

  /** A batch "from partition 0" for the coming windows, with an event for an entity of the node. */
  private static byte[] forgedBody(Random random) {
    return WindowBatch.newBuilder()
        .setFromPartition(0)
        .setWindow(random.nextInt(50))
        .setNextEventPs(0)
        .setLastChunk(true)
        .addEvents(
            EventRecord.newBuilder()
                .setAtPs(random.nextInt(1_000_000))
                .setSrcEntity(0)
                .setSrcSeq(random.nextInt(1000))
                .setDstEntity(255)
                .setKind(1))
        .build()
        .toByteArray();
  }

  /** The wire frame (FrameHeader, version 2): header with the tag, body, and a random "MAC". */
  private static byte[] frame(long runTag, byte[] body, Random random) {
    byte[] mac = new byte[32];
    random.nextBytes(mac);
    return ByteBuffer.allocate(16 + body.length + 32)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0x56494F46)
        .putShort((short) 2)
        .putShort((short) 1)
        .putLong(runTag)
        .put(body)
        .put(mac)
        .array();
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
