package io.vioemu.fabric.kernel;

import java.util.List;

/** What a partition calls to reach the other partitions of a run (Aeron between JVMs). */
public interface PeerLink {

  /**
   * Sends this partition's window batch to one peer: the events for entities that peer hosts, and
   * the earliest event time this partition still holds or has sent.
   */
  void sendWindow(int peerPartition, long window, long nextEventPs, List<TimedEvent> events);

  /** For a run with a single partition. */
  PeerLink NONE =
      (peer, window, next, events) -> {
        throw new IllegalStateException("a single-partition run has no peers");
      };
}
