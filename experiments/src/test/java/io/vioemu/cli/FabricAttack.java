package io.vioemu.cli;

import io.aeron.ExclusivePublication;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.fabric.transport.EmbeddedAeron;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stranger on a node's fabric port during a run (FabricSecurityIT, KubernetesRehearsalIT): raw
 * UDP noise, Aeron messages of noise, frames of a made-up run and, once the node has logged the
 * run's tag, forged batches that claim to be partition 0's with a valid header and a random MAC.
 */
final class FabricAttack {
  private static final Pattern RUN_TAG = Pattern.compile("this run's is ([0-9a-f]+)");

  private FabricAttack() {}

  /**
   * Sends, every 20 ms until {@code runner} exits or {@code timeout} passes: raw UDP noise (the
   * media driver drops it), Aeron messages of noise (malformed frames), frames with a made-up run
   * tag (wrong run), and, once {@code node} has logged the run's tag (it travels in clear in every
   * frame, so an eavesdropper knows it too), forged batches for partition 0. Returns how many
   * forged batches the Aeron publication took.
   */
  static int attack(
      Cli node, Cli runner, String host, int aeronPort, Random random, Duration timeout)
      throws Exception {
    int forged = 0;
    try (EmbeddedAeron aeron = EmbeddedAeron.launch();
        ExclusivePublication pub =
            aeron
                .aeron()
                .addExclusivePublication(
                    "aeron:udp?endpoint=" + host + ":" + aeronPort,
                    AeronFabricTransport.STREAM_ID);
        DatagramSocket udp = new DatagramSocket()) {
      InetAddress address = InetAddress.getByName(host);
      String runTag = null;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (runner.process().isAlive() && System.nanoTime() < deadline) {
        byte[] noise = new byte[1 + random.nextInt(300)];
        random.nextBytes(noise);
        udp.send(new DatagramPacket(noise, noise.length, address, aeronPort));
        pub.offer(new UnsafeBuffer(noise));
        pub.offer(new UnsafeBuffer(frame(random.nextLong(), forgedBody(random), random)));
        if (runTag == null) {
          String line = node.awaitStderr("this run's is ", Duration.ofMillis(20));
          Matcher m = line == null ? null : RUN_TAG.matcher(line);
          runTag = m != null && m.find() ? m.group(1) : null;
        } else {
          long taken =
              pub.offer(
                  new UnsafeBuffer(
                      frame(Long.parseUnsignedLong(runTag, 16), forgedBody(random), random)));
          forged += taken > 0 ? 1 : 0;
        }
        Thread.sleep(20);
      }
    }
    return forged;
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
}
