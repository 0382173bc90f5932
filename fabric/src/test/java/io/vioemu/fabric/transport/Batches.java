package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.Random;

/** Random but reproducible batches for transport tests. */
final class Batches {
  private Batches() {}

  static WindowBatch random(
      Random random, int fromPartition, long window, int eventCount, int maxPayloadBytes) {
    WindowBatch.Builder builder =
        WindowBatch.newBuilder()
            .setFromPartition(fromPartition)
            .setWindow(window)
            .setNextEventPs(random.nextLong() & Long.MAX_VALUE);
    long atPs = random.nextInt(1_000_000);
    for (int seq = 0; seq < eventCount; seq++) {
      atPs += random.nextInt(1000);
      byte[] payload = new byte[maxPayloadBytes == 0 ? 0 : random.nextInt(maxPayloadBytes + 1)];
      random.nextBytes(payload);
      builder.addEvents(
          EventRecord.newBuilder()
              .setAtPs(atPs)
              .setPriority(random.nextInt(8))
              .setSrcEntity(random.nextInt(10_000))
              .setSrcSeq(seq)
              .setDstEntity(random.nextInt(10_000))
              .setKind(random.nextInt(100))
              .setWord(random.nextLong())
              .setPayload(ByteString.copyFrom(payload)));
    }
    return builder.build();
  }

  /** The fields the kernel relies on; chunk bookkeeping fields are transport-internal. */
  static void assertSameContent(WindowBatch expected, WindowBatch actual) {
    assertEquals(expected.getFromPartition(), actual.getFromPartition(), "from_partition");
    assertEquals(expected.getWindow(), actual.getWindow(), "window");
    assertEquals(expected.getNextEventPs(), actual.getNextEventPs(), "next_event_ps");
    assertEquals(expected.getEventsCount(), actual.getEventsCount(), "event count");
    assertEquals(expected.getEventsList(), actual.getEventsList(), "events");
  }
}
