package io.vioemu.fabric.transport;

import io.vioemu.proto.fabric.WindowBatch;
import java.util.Arrays;

/**
 * Puts authentic chunks back together into batches, and refuses replays: from each sender, a batch
 * starts only at a window later than the last one delivered, and its chunks must follow in order.
 * Aeron keeps order per publication and each peer has exactly one publication to a partition, so a
 * peer's own chunks always pass; a copy of one of them (a replay, over any image, UDP or IPC) never
 * does. One instance serves all of a transport's subscriptions, which one thread polls.
 */
final class Reassembly {
  private final long[] lastWindow;
  private final PartialBatch[] partial;

  Reassembly(int partitionCount) {
    lastWindow = new long[partitionCount];
    Arrays.fill(lastWindow, Long.MIN_VALUE);
    partial = new PartialBatch[partitionCount];
  }

  /**
   * Takes one authentic chunk from {@code chunk.getFromPartition()} (in range, not us). Returns
   * null when it was taken (and hands a completed batch to {@code listener}), otherwise why it is a
   * replay.
   */
  String accept(WindowBatch chunk, FabricListener listener) {
    int from = chunk.getFromPartition();
    PartialBatch inProgress = partial[from];
    if (chunk.getChunk() == 0) {
      if (inProgress != null) {
        return "window "
            + chunk.getWindow()
            + " from partition "
            + from
            + " started again while "
            + inProgress.expectation()
            + " is due";
      }
      if (chunk.getWindow() <= lastWindow[from]) {
        return "window "
            + chunk.getWindow()
            + " from partition "
            + from
            + " already taken (last: "
            + lastWindow[from]
            + ")";
      }
      inProgress = new PartialBatch(chunk);
    } else if (inProgress == null || !inProgress.continuesWith(chunk)) {
      return "chunk "
          + chunk.getChunk()
          + " of partition "
          + from
          + " window "
          + chunk.getWindow()
          + " out of sequence"
          + (inProgress == null
              ? " (no batch in progress)"
              : ", expected " + inProgress.expectation());
    } else {
      inProgress.append(chunk);
    }
    if (chunk.getLastChunk()) {
      partial[from] = null;
      lastWindow[from] = chunk.getWindow();
      listener.onBatch(inProgress.complete());
    } else {
      partial[from] = inProgress;
    }
    return null;
  }
}
