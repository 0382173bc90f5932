package io.vioemu.fabric.transport;

import com.google.protobuf.CodedOutputStream;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.vioemu.proto.fabric.WindowBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The sending half towards one peer partition: its publication, its reusable encode buffer and its
 * MAC engine (each frame is MACed for this peer only).
 */
final class PeerPublication implements AutoCloseable {

  /* Long enough to ride out a peer restart or a driver hiccup, short enough to fail a run promptly. */
  private static final long NOT_CONNECTED_GIVE_UP_NS = TimeUnit.SECONDS.toNanos(3);

  private final int peerPartition;
  private final String peerEndpoint;
  private final ExclusivePublication publication;
  private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(64 * 1024);
  private final IdleStrategy idleStrategy = EmbeddedAeron.newIdleStrategy();
  private final Runnable onClose;
  private final FrameMac mac;
  private final long runTag;
  private long bytesSent;
  private boolean closed;

  /**
   * @param onClose run once, when this publication closes (the driver's idle strategy counts the
   *     routes that go over UDP)
   * @param key the run's key, which every frame's MAC is under
   */
  PeerPublication(
      int peerPartition,
      String peerEndpoint,
      ExclusivePublication publication,
      Runnable onClose,
      FabricKey key) {
    this.mac = key.newMac();
    this.runTag = key.runTag();
    this.peerPartition = peerPartition;
    this.peerEndpoint = peerEndpoint;
    this.publication = publication;
    this.onClose = onClose;
  }

  boolean isConnected() {
    return publication.isConnected();
  }

  String describe() {
    return "peer " + peerPartition + " at " + peerEndpoint;
  }

  long bytesSent() {
    return bytesSent;
  }

  int maxBodyBytes() {
    return publication.maxMessageLength() - FrameHeader.OVERHEAD_BYTES;
  }

  /**
   * Synchronized because the publication and the buffer are single-writer; contention is not
   * expected.
   *
   * @param whileBlocked runs between tries while the peer is back-pressured (polls our own side)
   */
  synchronized void send(WindowBatch batch, Runnable whileBlocked) {
    for (WindowBatch chunk : BatchChunker.split(batch, maxBodyBytes())) {
      offer(encode(chunk), whileBlocked);
    }
  }

  private int encode(WindowBatch chunk) {
    int bodyBytes = chunk.getSerializedSize();
    int macOffset = FrameHeader.LENGTH_BYTES + bodyBytes;
    int frameBytes = macOffset + FrameMac.LENGTH_BYTES;
    sendBuffer.checkLimit(frameBytes);
    FrameHeader.writeWindowBatch(sendBuffer, 0, runTag);
    try {
      CodedOutputStream out =
          CodedOutputStream.newInstance(
              sendBuffer.byteArray(), FrameHeader.LENGTH_BYTES, bodyBytes);
      chunk.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("protobuf encode into a sized array failed", e);
    }
    byte[] bytes = sendBuffer.byteArray();
    mac.compute(bytes, 0, macOffset, peerPartition, bytes, macOffset);
    return frameBytes;
  }

  private void offer(int frameBytes, Runnable whileBlocked) {
    long notConnectedSinceNs = 0;
    idleStrategy.reset();
    while (true) {
      long result = publication.offer(sendBuffer, 0, frameBytes);
      if (result > 0) {
        bytesSent += frameBytes;
        return;
      }
      if (result == Publication.MAX_POSITION_EXCEEDED) {
        throw new FabricException("publication to " + describe() + " exceeded its max position");
      }
      if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED) {
        long nowNs = System.nanoTime();
        if (notConnectedSinceNs == 0) {
          notConnectedSinceNs = nowNs;
        } else if (nowNs - notConnectedSinceNs > NOT_CONNECTED_GIVE_UP_NS) {
          throw new FabricException(
              "cannot send to "
                  + describe()
                  + ": publication "
                  + (result == Publication.CLOSED ? "closed" : "not connected")
                  + " for more than 3 s");
        }
      }
      // BACK_PRESSURED, ADMIN_ACTION and a transient NOT_CONNECTED all just need another try.
      whileBlocked.run();
      idleStrategy.idle();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    CloseHelper.quietClose(publication);
    onClose.run();
  }
}
