package io.vioemu.fabric.transport;

import static io.vioemu.fabric.transport.RecordingListener.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aeron.ExclusivePublication;
import io.vioemu.proto.fabric.WindowBatch;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class AeronFabricTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RecordingListener listenerA = new RecordingListener();
  private final RecordingListener listenerB = new RecordingListener();
  private Random random;
  private EmbeddedAeron aeronA;
  private AeronFabricTransport a;
  private AeronFabricTransport b;
  private final FabricKey key = FabricKey.random();

  @BeforeEach
  void startTwoPartitions(TestInfo info) {
    long seed = System.nanoTime();
    System.out.println(info.getDisplayName() + " seed=" + seed);
    random = new Random(seed);
    aeronA = track(EmbeddedAeron.launch());
    EmbeddedAeron aeronB = track(EmbeddedAeron.launch());
    a = track(new AeronFabricTransport(aeronA, 0, 2, listenerA, key));
    b = track(new AeronFabricTransport(aeronB, 1, 2, listenerB, key));
    a.startReceiveThread();
    b.startReceiveThread();
    List<String> endpoints = List.of(a.endpoint(), b.endpoint());
    a.connect(endpoints);
    b.connect(endpoints);
    a.awaitConnected(WAIT);
    b.awaitConnected(WAIT);
  }

  @AfterEach
  void closeEverything() {
    Collections.reverse(resources);
    CloseHelper.quietCloseAll(resources);
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  @Test
  void shouldDeliverEqualBatchesBothWaysWhenTwoTransportsExchange() {
    int windows = 20;
    List<WindowBatch> sentByA = new ArrayList<>();
    List<WindowBatch> sentByB = new ArrayList<>();
    for (long window = 0; window < windows; window++) {
      sentByA.add(Batches.random(random, 0, window, random.nextInt(500), 64));
      sentByB.add(Batches.random(random, 1, window, random.nextInt(500), 64));
      a.send(1, sentByA.get((int) window));
      b.send(0, sentByB.get((int) window));
    }

    for (int window = 0; window < windows; window++) {
      Batches.assertSameContent(
          sentByA.get(window), take(listenerB.batches, WAIT, "batch " + window + " at B"));
      Batches.assertSameContent(
          sentByB.get(window), take(listenerA.batches, WAIT, "batch " + window + " at A"));
    }
    assertTrue(listenerA.errors.isEmpty(), listenerA.errors.toString());
    assertTrue(listenerB.errors.isEmpty(), listenerB.errors.toString());
  }

  @Test
  void shouldReassembleExactlyOnceWhenBatchExceedsMaxMessageLength() throws InterruptedException {
    WindowBatch huge = Batches.random(random, 0, 42, 300_000, 16);
    assertTrue(
        huge.getSerializedSize() > 2 * a.maxBodyBytes(1),
        "batch of " + huge.getSerializedSize() + " bytes would not need 3+ chunks");

    long startNs = System.nanoTime();
    a.send(1, huge);
    WindowBatch received = take(listenerB.batches, Duration.ofSeconds(8), "reassembled batch");
    System.out.printf(
        "%d bytes in %d ms%n",
        huge.getSerializedSize(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));

    Batches.assertSameContent(huge, received);
    assertTrue(received.getLastChunk());
    assertNull(
        listenerB.batches.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS), "batch delivered twice");
    assertTrue(listenerB.errors.isEmpty(), listenerB.errors.toString());
  }

  @Test
  void shouldDropAndCountEveryForgedOrJunkDatagramWhenAStrangerSendsThem() throws Exception {
    ExclusivePublication raw = rawPublicationTo(a);
    byte[] body = Batches.random(random, 1, 7, 20, 16).toByteArray();
    // at least a header and a MAC long, so that it is refused for its magic, not its length
    byte[] garbage = new byte[FrameHeader.OVERHEAD_BYTES + random.nextInt(200)];
    random.nextBytes(garbage);
    garbage[0] = (byte) ~0x46; // cannot accidentally start with the magic
    byte[] randomMac = new byte[FrameMac.LENGTH_BYTES];
    random.nextBytes(randomMac);
    byte[] flipped = frame(key, 0, body);
    flipped[FrameHeader.LENGTH_BYTES + random.nextInt(body.length)] ^=
        (byte) (1 << random.nextInt(8));
    FabricKey otherRun = FabricKey.random();

    List<Object[]> cases =
        List.of(
            new Object[] {
              "too short", Arrays.copyOf(garbage, 3), "MALFORMED", "too short (3 bytes"
            },
            new Object[] {"garbage", garbage, "MALFORMED", "bad magic 0x"},
            new Object[] {
              "wrong magic",
              header(0x01020304, 2, 1, key.runTag(), body, randomMac),
              "MALFORMED",
              "bad magic 0x01020304"
            },
            new Object[] {
              "version 1 frame",
              header(FrameHeader.MAGIC, 1, 1, key.runTag(), body, randomMac),
              "MALFORMED",
              "unsupported version 1"
            },
            new Object[] {
              "unknown type",
              header(FrameHeader.MAGIC, 2, 9, key.runTag(), body, randomMac),
              "MALFORMED",
              "unknown type 9"
            },
            new Object[] {"another run's frame", frame(otherRun, 0, body), "WRONG_RUN", "run tag"},
            new Object[] {
              "forged: valid header, random MAC",
              header(FrameHeader.MAGIC, 2, 1, key.runTag(), body, randomMac),
              "BAD_MAC",
              "MAC mismatch"
            },
            new Object[] {"one bit flipped in flight", flipped, "BAD_MAC", "MAC mismatch"},
            new Object[] {
              "authentic, but for partition 1", frame(key, 1, body), "BAD_MAC", "MAC mismatch"
            });

    for (Object[] testCase : cases) {
      offer(raw, (byte[]) testCase[1]);
      String rejection = take(listenerA.rejected, WAIT, "rejection of " + testCase[0]);
      assertTrue(
          rejection.startsWith(
              testCase[2] + ": on aeron:udp?endpoint=" + a.endpoint() + " stream 1001 from "),
          testCase[0] + ": " + rejection);
      assertTrue(rejection.contains((String) testCase[3]), testCase[0] + ": " + rejection);
      assertFalse(rejection.contains("\n"), "multi-line: " + rejection);
    }

    WindowBatch valid = Batches.random(random, 1, 8, 50, 16);
    b.send(0, valid);
    Batches.assertSameContent(valid, take(listenerA.batches, WAIT, "valid batch after junk"));
    assertNull(
        listenerA.rejected.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS),
        "one rejection per bad datagram");
    assertTrue(listenerA.batches.isEmpty(), "junk must never be delivered");
    assertTrue(listenerA.errors.isEmpty(), "junk must never be an error: " + listenerA.errors);
  }

  @Test
  void shouldDropAndCountReplaysWhenAuthenticFramesAreSentAgain() throws Exception {
    ExclusivePublication raw = rawPublicationTo(a);
    WindowBatch window5 =
        Batches.random(random, 1, 5, 10, 16).toBuilder().setLastChunk(true).build();
    byte[] captured = frame(key, 0, window5.toByteArray());
    offer(raw, captured);
    Batches.assertSameContent(window5, take(listenerA.batches, WAIT, "first copy"));

    offer(raw, captured);
    assertTrue(take(listenerA.rejected, WAIT, "replay").startsWith("REPLAYED: "));
    offer(raw, frame(key, 0, Batches.random(random, 1, 4, 3, 8).toByteArray()));
    String older = take(listenerA.rejected, WAIT, "older window");
    assertTrue(older.contains("window 4 from partition 1 already taken (last: 5)"), older);
    byte[] stray = Batches.random(random, 1, 6, 3, 8).toBuilder().setChunk(2).build().toByteArray();
    offer(raw, frame(key, 0, stray));
    String outOfSequence = take(listenerA.rejected, WAIT, "stray chunk");
    assertTrue(outOfSequence.contains("out of sequence (no batch in progress)"), outOfSequence);

    WindowBatch next = Batches.random(random, 1, 6, 10, 16);
    b.send(0, next);
    Batches.assertSameContent(next, take(listenerA.batches, WAIT, "the peer's next window"));
    assertTrue(listenerA.batches.isEmpty(), "a replay must never be delivered");
    assertTrue(listenerA.errors.isEmpty(), listenerA.errors.toString());
  }

  @Test
  void shouldReportAnErrorWhenAnAuthenticFrameDoesNotParse() throws Exception {
    ExclusivePublication raw = rawPublicationTo(a);
    byte[] validBody = Batches.random(random, 1, 7, 20, 16).toByteArray();
    byte[] truncated = Arrays.copyOf(validBody, validBody.length - 1 - random.nextInt(5));
    assertThrows(
        InvalidProtocolBufferException.class,
        () -> WindowBatch.parseFrom(truncated),
        "test input must be invalid");
    offer(raw, frame(key, 0, truncated));
    String error = take(listenerA.errors, WAIT, "error for an authentic unparseable frame");
    assertTrue(
        error.startsWith(
            "malformed datagram on aeron:udp?endpoint=" + a.endpoint() + " stream 1001 from "),
        error);
    assertTrue(error.contains("protobuf parse failure"), error);
    offer(raw, frame(key, 0, withFromAndChunk(validBody, 0, 0)));
    assertTrue(take(listenerA.errors, WAIT, "from self").contains("from_partition 0 invalid"));
  }

  @Test
  void shouldReportPeerLostWhenOtherSideCloses() {
    WindowBatch hello = Batches.random(random, 1, 0, 3, 8);
    b.send(0, hello);
    take(listenerA.batches, WAIT, "first batch");

    long startNs = System.nanoTime();
    b.close();
    String lost = take(listenerA.peersLost, Duration.ofSeconds(8), "peer lost");

    System.out.printf(
        "peer lost after %d ms: %s%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs), lost);
    assertTrue(lost.startsWith("127.0.0.1:"), lost);
  }

  @Test
  void shouldLetTheDriverIdleLazilyWhenItsLastUdpRouteCloses() {
    assertEquals(1, aeronA.udpRoutes());
    a.close();
    a.close();
    assertEquals(0, aeronA.udpRoutes());
  }

  @Test
  void shouldExchangeOverIpcWhenBothPartitionsShareOneMediaDriver() {
    EmbeddedAeron client = track(EmbeddedAeron.connect(aeronA.driverDirectory()));
    RecordingListener atX = new RecordingListener();
    RecordingListener atY = new RecordingListener();
    AeronFabricTransport x =
        track(new AeronFabricTransport(aeronA, 0, 2, atX, key, "127.0.0.1:0", 4_000_001));
    AeronFabricTransport y =
        track(new AeronFabricTransport(client, 1, 2, atY, key, "127.0.0.1:0", 4_000_002));
    assertTrue(x.endpoint().endsWith("#4000001"), x.endpoint());
    x.startReceiveThread();
    y.startReceiveThread();
    List<String> endpoints = List.of(x.endpoint(), y.endpoint());
    x.connect(endpoints);
    y.connect(endpoints);
    x.awaitConnected(WAIT);
    y.awaitConnected(WAIT);
    WindowBatch toY = Batches.random(random, 0, 3, 200, 32);
    WindowBatch toX = Batches.random(random, 1, 3, 10, 8);
    x.send(1, toY);
    y.send(0, toX);
    Batches.assertSameContent(toY, take(atY.batches, WAIT, "batch at y"));
    Batches.assertSameContent(toX, take(atX.batches, WAIT, "batch at x"));
    assertTrue(x.describePeer(1).contains("IPC stream 4000002"), x.describePeer(1));
    assertEquals(
        1, aeronA.udpRoutes(), "only a's route to b goes over UDP: the driver idles eagerly");
    // a partition on another driver is reached over UDP even though it listens on IPC too
    assertTrue(a.describePeer(1).startsWith("peer 1 at 127.0.0.1:"), a.describePeer(1));
  }

  @Test
  void shouldThrowNamingEndpointWhenNobodyListens() throws SocketException {
    String deadEndpoint = "127.0.0.1:" + unusedUdpPort();
    AeronFabricTransport lonely =
        track(new AeronFabricTransport(aeronA, 0, 2, new RecordingListener(), key));
    lonely.connect(List.of(lonely.endpoint(), deadEndpoint));
    Duration timeout = Duration.ofMillis(800);

    long startNs = System.nanoTime();
    FabricException e = assertThrows(FabricException.class, () -> lonely.awaitConnected(timeout));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

    assertTrue(e.getMessage().contains("peer 1 at " + deadEndpoint), e.getMessage());
    assertTrue(
        elapsedMs >= timeout.toMillis() && elapsedMs < timeout.toMillis() + 2_000,
        "took " + elapsedMs + " ms");
  }

  @Test
  void shouldThrowNamingPeerWhenSendingToEndpointNobodyListensOn() throws SocketException {
    String deadEndpoint = "127.0.0.1:" + unusedUdpPort();
    AeronFabricTransport lonely =
        track(new AeronFabricTransport(aeronA, 0, 2, new RecordingListener(), key));
    lonely.connect(List.of(lonely.endpoint(), deadEndpoint));

    long startNs = System.nanoTime();
    FabricException e =
        assertThrows(
            FabricException.class, () -> lonely.send(1, Batches.random(random, 0, 0, 1, 0)));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

    assertTrue(e.getMessage().contains("peer 1 at " + deadEndpoint), e.getMessage());
    assertTrue(elapsedMs >= 3_000 && elapsedMs < 6_000, "took " + elapsedMs + " ms");
  }

  @Test
  void shouldIgnoreSecondCloseWhenClosedTwice() {
    b.close();
    b.close();
    assertThrows(IllegalStateException.class, () -> b.connect(List.of(a.endpoint(), b.endpoint())));
  }

  private ExclusivePublication rawPublicationTo(AeronFabricTransport target)
      throws InterruptedException {
    EmbeddedAeron aeronC = track(EmbeddedAeron.launch());
    ExclusivePublication raw =
        track(
            aeronC
                .aeron()
                .addExclusivePublication(
                    "aeron:udp?endpoint=" + target.endpoint(), AeronFabricTransport.STREAM_ID));
    long deadlineNs = System.nanoTime() + WAIT.toNanos();
    while (!raw.isConnected()) {
      assertTrue(System.nanoTime() < deadlineNs, "raw publication did not connect");
      Thread.sleep(1);
    }
    return raw;
  }

  private static void offer(ExclusivePublication publication, byte[] bytes)
      throws InterruptedException {
    UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    long deadlineNs = System.nanoTime() + WAIT.toNanos();
    while (publication.offer(buffer, 0, bytes.length) < 0) {
      assertTrue(System.nanoTime() < deadlineNs, "raw offer kept failing");
      Thread.sleep(1);
    }
  }

  private static byte[] header(
      int magic, int version, int type, long runTag, byte[] body, byte[] mac) {
    return ByteBuffer.allocate(FrameHeader.OVERHEAD_BYTES + body.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(magic)
        .putShort((short) version)
        .putShort((short) type)
        .putLong(runTag)
        .put(body)
        .put(mac)
        .array();
  }

  /**
   * An authentic frame under {@code key} for partition {@code to}: what a peer of that run sends.
   */
  static byte[] frame(FabricKey key, int to, byte[] body) {
    byte[] frame =
        header(
            FrameHeader.MAGIC,
            FrameHeader.VERSION,
            FrameHeader.TYPE_WINDOW_BATCH,
            key.runTag(),
            body,
            new byte[FrameMac.LENGTH_BYTES]);
    int macOffset = frame.length - FrameMac.LENGTH_BYTES;
    key.newMac().compute(frame, 0, macOffset, to, frame, macOffset);
    return frame;
  }

  private static byte[] withFromAndChunk(byte[] body, int fromPartition, int chunk)
      throws InvalidProtocolBufferException {
    return WindowBatch.parseFrom(body).toBuilder()
        .setFromPartition(fromPartition)
        .setChunk(chunk)
        .build()
        .toByteArray();
  }

  private static int unusedUdpPort() throws SocketException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
