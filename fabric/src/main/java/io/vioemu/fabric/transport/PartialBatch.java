package io.vioemu.fabric.transport;

import io.vioemu.proto.fabric.WindowBatch;

/** A batch whose chunks are still arriving; the builder accumulates events in arrival order. */
final class PartialBatch {
  private final WindowBatch.Builder builder;
  private int nextChunk;

  PartialBatch(WindowBatch firstChunk) {
    this.builder = firstChunk.toBuilder();
    this.nextChunk = 1;
  }

  long window() {
    return builder.getWindow();
  }

  int nextChunk() {
    return nextChunk;
  }

  boolean continuesWith(WindowBatch chunk) {
    return chunk.getWindow() == builder.getWindow() && chunk.getChunk() == nextChunk;
  }

  String expectation() {
    return "chunk " + nextChunk + " of window " + builder.getWindow();
  }

  void append(WindowBatch chunk) {
    builder.addAllEvents(chunk.getEventsList());
    nextChunk++;
  }

  /** The reassembled batch presents as a single, complete chunk. */
  WindowBatch complete() {
    return builder.setChunk(0).setLastChunk(true).build();
  }
}
