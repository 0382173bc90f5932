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
   * A datagram was dropped because it was malformed; the message is a single line. Receive thread.
   */
  void onTransportError(String oneLineMessage);

  /**
   * A sender's image went away (peer closed, crashed or timed out). Called from the Aeron client
   * conductor thread, not the polling thread.
   */
  void onPeerLost(String sourceIdentity);
}
