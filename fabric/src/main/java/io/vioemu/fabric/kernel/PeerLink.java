package io.vioemu.fabric.kernel;

import java.util.List;
import java.util.function.Consumer;

/**
 * How a partition reaches the other partitions of a run: in memory inside a JVM, over Aeron between
 * JVMs. Only the partition's own thread calls it, so implementations need no locks of their own.
 */
public interface PeerLink {

  /**
   * Sends this partition's window batch to one peer: the events for entities that peer hosts, and
   * the earliest event time this partition still holds or has sent. The list is handed over: the
   * caller never touches it again.
   */
  void sendWindow(int peerPartition, long window, long nextEventPs, List<TimedEvent> events);

  /**
   * Hands every batch that has arrived since the last call to {@code onBatch}, on the calling
   * thread; returns how many it handed (0 lets the caller idle).
   */
  int poll(Consumer<PeerBatch> onBatch);

  /** Bytes sent so far to partitions of other JVMs; 0 for links that do not serialize. */
  default long bytesSent() {
    return 0;
  }

  /** For a run with a single partition. */
  PeerLink NONE =
      new PeerLink() {
        @Override
        public void sendWindow(int peer, long window, long next, List<TimedEvent> events) {
          throw new IllegalStateException("a single-partition run has no peers");
        }

        @Override
        public int poll(Consumer<PeerBatch> onBatch) {
          return 0;
        }
      };
}
