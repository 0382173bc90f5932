package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.fabric.kernel.PeerLink;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.List;

/** A partition's window batches, sent to peers over Aeron UDP. */
final class AeronPeerLink implements PeerLink {
  private final AeronFabricTransport transport;
  private final EventCodec codec;
  private final int selfPartition;

  AeronPeerLink(AeronFabricTransport transport, PayloadCodec payloads, int selfPartition) {
    this.transport = transport;
    this.codec = new EventCodec(payloads);
    this.selfPartition = selfPartition;
  }

  @Override
  public void sendWindow(
      int peerPartition, long window, long nextEventPs, List<TimedEvent> events) {
    WindowBatch.Builder b =
        WindowBatch.newBuilder()
            .setFromPartition(selfPartition)
            .setWindow(window)
            .setNextEventPs(nextEventPs)
            .setLastChunk(true);
    for (int i = 0, n = events.size(); i < n; i++) {
      b.addEvents(codec.encode(events.get(i)));
    }
    transport.send(peerPartition, b.build());
  }
}
