package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.PartitionFailure;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.fabric.kernel.PeerBatch;
import io.vioemu.fabric.kernel.PeerLink;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.fabric.transport.FabricListener;
import io.vioemu.fabric.transport.Rejection;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's link to the partitions of other JVMs over Aeron: it sends its window batches and,
 * polled by the partition's own thread, decodes the batches that arrive.
 */
final class AeronPeerLink implements PeerLink {
  private final Inbox inbox;
  private final AeronFabricTransport transport;
  private final EventCodec codec;
  private final int selfPartition;

  private AeronPeerLink(Inbox inbox, AeronFabricTransport transport, int selfPartition) {
    this.inbox = inbox;
    this.transport = transport;
    this.codec = inbox.codec;
    this.selfPartition = selfPartition;
  }

  /** The transport's listener first: the transport receives from the moment it exists. */
  static Inbox inbox(PayloadCodec payloads) {
    return new Inbox(new EventCodec(payloads));
  }

  static AeronPeerLink over(Inbox inbox, AeronFabricTransport transport, int selfPartition) {
    return new AeronPeerLink(inbox, transport, selfPartition);
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

  @Override
  public long bytesSent() {
    return transport.bytesSent();
  }

  @Override
  public int poll(Consumer<PeerBatch> onBatch) {
    int work = transport.poll();
    return work + inbox.drainTo(onBatch);
  }

  /**
   * Collects what the transport hands over during a poll (the partition's own or a back-pressured
   * send's) until the partition takes it: batches are never handed to the partition in the middle
   * of its own send.
   */
  static final class Inbox implements FabricListener {
    private static final Logger LOG = LoggerFactory.getLogger(AeronPeerLink.class);
    private final EventCodec codec;
    private final ArrayDeque<PeerBatch> batches = new ArrayDeque<>();
    private final long[] rejected = new long[Rejection.values().length];
    private String failure;

    private Inbox(EventCodec codec) {
      this.codec = codec;
    }

    @Override
    public void onBatch(WindowBatch batch) {
      try {
        batches.add(
            new PeerBatch(
                batch.getFromPartition(),
                batch.getWindow(),
                batch.getNextEventPs(),
                codec.decodeAll(batch)));
      } catch (RuntimeException e) {
        onTransportError(
            "malformed batch from partition " + batch.getFromPartition() + ": " + e.getMessage());
      }
    }

    @Override
    public void onTransportError(String oneLineMessage) {
      if (failure == null) {
        failure = oneLineMessage;
      }
    }

    /** Counted, and the first of each reason logged; never a failure: anyone can send these. */
    @Override
    public void onRejected(Rejection reason, String oneLineDetail) {
      if (rejected[reason.ordinal()]++ == 0) {
        LOG.warn(
            "dropped a {} datagram {} (further ones are counted in run.json)",
            reason.jsonName(),
            oneLineDetail);
      }
    }

    /**
     * What this partition's transport dropped so far, with {@code notAeron} from the driver; read
     * by its partition's thread, or by any thread once that thread has reported (its report is the
     * hand-over).
     */
    RejectedDatagrams rejected(long notAeron) {
      return RejectedDatagrams.of(rejected, notAeron);
    }

    @Override
    public void onPeerLost(String sourceIdentity) {
      // Liveness is judged by cluster membership and by the runner watching its JVMs: an Aeron
      // image also goes away when a peer finishes normally and closes its link.
    }

    int drainTo(Consumer<PeerBatch> onBatch) {
      if (failure != null) {
        throw new PartitionFailure(failure);
      }
      int n = 0;
      for (PeerBatch b = batches.poll(); b != null; b = batches.poll()) {
        onBatch.accept(b);
        n++;
      }
      return n;
    }
  }
}
