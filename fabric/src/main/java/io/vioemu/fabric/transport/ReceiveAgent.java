package io.vioemu.fabric.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.vioemu.proto.fabric.WindowBatch;
import java.io.IOException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * Polls a fabric subscription on the thread that calls it (the partition's, or a receive thread),
 * checks each frame's header, run tag and MAC, and reassembles chunked batches. Nothing here may
 * throw out of {@link #doWork()}, and nothing a stranger can send stops a run: a datagram that is
 * not an authentic frame of this run for this partition, or replays one, is dropped and reported to
 * {@link FabricListener#onRejected}. Only an authentic frame that does not parse (a peer's bug) is
 * reported as an error.
 */
final class ReceiveAgent implements Agent, FragmentHandler {

  private static final int FRAGMENT_LIMIT = 64;

  private final Subscription subscription;
  private final String channelDescription;
  private final int selfPartition;
  private final int partitionCount;
  private final FabricListener listener;
  private final FragmentAssembler assembler = new FragmentAssembler(this);
  private final Reassembly reassembly;
  private final FrameMac mac;
  private final long runTag;
  private byte[] scratch = new byte[64 * 1024];

  ReceiveAgent(
      Subscription subscription,
      String channelDescription,
      int selfPartition,
      int partitionCount,
      FabricListener listener,
      FabricKey key,
      Reassembly reassembly) {
    this.subscription = subscription;
    this.channelDescription = channelDescription;
    this.selfPartition = selfPartition;
    this.partitionCount = partitionCount;
    this.listener = listener;
    this.mac = key.newMac();
    this.runTag = key.runTag();
    this.reassembly = reassembly;
  }

  @Override
  public int doWork() {
    return subscription.poll(assembler, FRAGMENT_LIMIT);
  }

  @Override
  public String roleName() {
    return "vioemu-aeron-rx-" + selfPartition;
  }

  @Override
  public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
    try {
      handleFrame(buffer, offset, length, header);
    } catch (RuntimeException e) {
      // Most likely the listener itself failed; report it rather than kill the poller.
      reportMalformed(header, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void handleFrame(DirectBuffer buffer, int offset, int length, Header header) {
    String malformed = FrameHeader.rejectReason(buffer, offset, length);
    if (malformed != null) {
      reject(header, Rejection.MALFORMED, malformed);
      return;
    }
    long tag = FrameHeader.runTag(buffer, offset);
    if (tag != runTag) {
      reject(
          header,
          Rejection.WRONG_RUN,
          "run tag " + Long.toHexString(tag) + ", this run's is " + Long.toHexString(runTag));
      return;
    }
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    buffer.getBytes(offset, scratch, 0, length);
    int macOffset = length - FrameMac.LENGTH_BYTES;
    if (!mac.verify(scratch, 0, macOffset, selfPartition, scratch, macOffset)) {
      reject(header, Rejection.BAD_MAC, "MAC mismatch on a " + length + "-byte frame");
      return;
    }
    WindowBatch chunk;
    try {
      chunk = parseBody(FrameHeader.LENGTH_BYTES, macOffset - FrameHeader.LENGTH_BYTES);
    } catch (InvalidProtocolBufferException e) {
      reportMalformed(header, "protobuf parse failure: " + e.getMessage());
      return;
    }
    int from = chunk.getFromPartition();
    if (from < 0 || from >= partitionCount || from == selfPartition) {
      reportMalformed(
          header,
          "from_partition "
              + from
              + " invalid for self "
              + selfPartition
              + " of "
              + partitionCount
              + " partitions");
      return;
    }
    String replay = reassembly.accept(chunk, listener);
    if (replay != null) {
      reject(header, Rejection.REPLAYED, replay);
    }
  }

  /* Parses from the reused array the frame was copied into (protobuf parses fastest from byte[]). */
  private WindowBatch parseBody(int offset, int length) throws InvalidProtocolBufferException {
    try {
      return WindowBatch.parseFrom(CodedInputStream.newInstance(scratch, offset, length));
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  private void reject(Header header, Rejection reason, String detail) {
    listener.onRejected(reason, describe(header, detail));
  }

  private void reportMalformed(Header header, String reason) {
    listener.onTransportError("malformed datagram " + describe(header, reason));
  }

  private String describe(Header header, String reason) {
    return "on "
        + channelDescription
        + " stream "
        + header.streamId()
        + " from "
        + sourceOf(header)
        + " (session "
        + header.sessionId()
        + "): "
        + oneLine(reason);
  }

  private String sourceOf(Header header) {
    Image image = subscription.imageBySessionId(header.sessionId());
    return image == null ? "unknown source" : image.sourceIdentity();
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
