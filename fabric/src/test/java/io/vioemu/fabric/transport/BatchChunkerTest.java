package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchChunkerTest {

  private static Random seeded(String test) {
    long seed = System.nanoTime();
    System.out.println(test + " seed=" + seed);
    return new Random(seed);
  }

  @Test
  void shouldSplitIntoOrderedBoundedChunksWhenBatchExceedsBudget() {
    Random random = seeded("split");
    WindowBatch batch = Batches.random(random, 3, 17, 2_000, 40);
    int maxBodyBytes = 1_000 + random.nextInt(4_000);

    List<WindowBatch> chunks = BatchChunker.split(batch, maxBodyBytes);

    assertTrue(chunks.size() > 1, "expected several chunks, got " + chunks.size());
    List<EventRecord> events = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      WindowBatch chunk = chunks.get(i);
      assertTrue(
          chunk.getSerializedSize() <= maxBodyBytes,
          "chunk " + i + " is " + chunk.getSerializedSize() + " bytes");
      assertEquals(i, chunk.getChunk());
      assertEquals(i == chunks.size() - 1, chunk.getLastChunk(), "last_chunk of chunk " + i);
      assertEquals(batch.getFromPartition(), chunk.getFromPartition());
      assertEquals(batch.getWindow(), chunk.getWindow());
      assertEquals(batch.getNextEventPs(), chunk.getNextEventPs());
      events.addAll(chunk.getEventsList());
    }
    assertEquals(batch.getEventsList(), events);
  }

  @Test
  void shouldSendOneLastChunkWhenBatchFits() {
    WindowBatch batch = Batches.random(seeded("fits"), 1, 5, 10, 8);

    List<WindowBatch> chunks = BatchChunker.split(batch, 64 * 1024);

    assertEquals(1, chunks.size());
    assertEquals(0, chunks.get(0).getChunk());
    assertTrue(chunks.get(0).getLastChunk());
    Batches.assertSameContent(batch, chunks.get(0));
  }

  @Test
  void shouldSendOneEmptyLastChunkWhenBatchHasNoEvents() {
    WindowBatch batch =
        WindowBatch.newBuilder()
            .setFromPartition(2)
            .setWindow(9)
            .setNextEventPs(Long.MAX_VALUE)
            .build();

    List<WindowBatch> chunks = BatchChunker.split(batch, 256);

    assertEquals(1, chunks.size());
    assertTrue(chunks.get(0).getLastChunk());
    assertEquals(Long.MAX_VALUE, chunks.get(0).getNextEventPs());
  }

  @Test
  void shouldThrowWhenSingleEventExceedsBudget() {
    WindowBatch batch =
        Batches.random(new Random(1), 0, 0, 1, 0).toBuilder()
            .setEvents(0, EventRecord.newBuilder().setPayload(ByteString.copyFrom(new byte[2_000])))
            .build();

    FabricException e = assertThrows(FabricException.class, () -> BatchChunker.split(batch, 1_000));

    assertTrue(e.getMessage().contains("event 0"), e.getMessage());
  }
}
