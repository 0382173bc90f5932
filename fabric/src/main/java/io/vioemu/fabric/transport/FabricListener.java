package io.vioemu.fabric.transport;

import io.vioemu.proto.fabric.WindowBatch;

/**
 * Receives what the transport delivers. Implementations must be quick and non-blocking (typically a
 * single actor {@code tell}): they run on transport threads, and a slow listener stalls the fabric.
 */
public interface FabricListener {

  /**
   * One whole batch per (from_partition, window), chunks already reassembled; delivered batches
   * always have {@code chunk == 0} and {@code last_chunk == true}. Called from the polling thread.
   */
  void onBatch(WindowBatch batch);

  /**
   * An authentic frame (its MAC checks) was dropped because it does not parse or names an
   * impossible sender: a peer's bug, which should fail the run. The message is a single line.
   * Polling thread.
   */
  void onTransportError(String oneLineMessage);

  /**
   * A datagram was dropped unapplied because it is not an authentic, fresh frame of this run for
   * this partition (anyone who reaches the port can send those, so they must not fail the run);
   * {@code oneLineDetail} names the channel, the source and why. Polling thread.
   */
  void onRejected(Rejection reason, String oneLineDetail);

  /**
   * A sender's image went away (peer closed, crashed or timed out). Called from the Aeron client
   * conductor thread, not the polling thread.
   */
  void onPeerLost(String sourceIdentity);
}
