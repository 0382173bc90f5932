package io.vioemu.fabric.transport;

import com.google.protobuf.CodedOutputStream;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch into chunks whose encoded size fits one Aeron message. Aeron refuses messages
 * above the publication's maxMessageLength, and a window can legitimately hold more events than
 * that.
 */
final class BatchChunker {

  /*
   * Upper bound for the non-event fields of a chunk (from_partition, window, next_event_ps, chunk,
   * last_chunk): 5 tags plus at most 10+10+10+10+1 value bytes. Rounded up for safety.
   */
  static final int FIXED_FIELDS_MAX_BYTES = 64;

  private BatchChunker() {}

  /**
   * Returns the chunks to send, in order: chunk = 0,1,2..., last_chunk only on the final one, each
   * carrying the batch's from_partition, window and next_event_ps.
   *
   * @throws FabricException if a single event is too large to fit any chunk
   */
  static List<WindowBatch> split(WindowBatch batch, int maxBodyBytes) {
    if (batch.getSerializedSize() + FIXED_FIELDS_MAX_BYTES <= maxBodyBytes) {
      // the common case, every window: no copy when the batch already says it is whole
      return batch.getChunk() == 0 && batch.getLastChunk()
          ? List.of(batch)
          : List.of(stamp(batch.toBuilder(), 0, true));
    }
    List<WindowBatch> chunks = new ArrayList<>();
    List<EventRecord> events = batch.getEventsList();
    int budgetBytes = maxBodyBytes - FIXED_FIELDS_MAX_BYTES;
    int start = 0;
    int usedBytes = 0;
    for (int i = 0; i < events.size(); i++) {
      int eventBytes =
          CodedOutputStream.computeMessageSize(WindowBatch.EVENTS_FIELD_NUMBER, events.get(i));
      if (eventBytes > budgetBytes) {
        throw new FabricException(
            "event "
                + i
                + " of window "
                + batch.getWindow()
                + " encodes to "
                + eventBytes
                + " bytes, more than one message can carry ("
                + budgetBytes
                + ")");
      }
      if (usedBytes + eventBytes > budgetBytes) {
        chunks.add(chunk(batch, events.subList(start, i), chunks.size(), false));
        start = i;
        usedBytes = 0;
      }
      usedBytes += eventBytes;
    }
    chunks.add(chunk(batch, events.subList(start, events.size()), chunks.size(), true));
    return chunks;
  }

  private static WindowBatch chunk(
      WindowBatch batch, List<EventRecord> events, int index, boolean last) {
    WindowBatch.Builder builder =
        WindowBatch.newBuilder()
            .setFromPartition(batch.getFromPartition())
            .setWindow(batch.getWindow())
            .setNextEventPs(batch.getNextEventPs())
            .addAllEvents(events);
    return stamp(builder, index, last);
  }

  private static WindowBatch stamp(WindowBatch.Builder builder, int index, boolean last) {
    return builder.setChunk(index).setLastChunk(last).build();
  }
}
