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
import java.util.HashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * Polls a fabric subscription on the thread that calls it (the partition's, or a receive thread),
 * validates frames and reassembles chunked batches. Nothing here may throw out of {@link
 * #doWork()}: bad input from the network is reported to the listener and dropped, so one broken
 * peer cannot stop delivery from the others.
 */
final class ReceiveAgent implements Agent, FragmentHandler {

  private static final int FRAGMENT_LIMIT = 64;

  private final Subscription subscription;
  private final String channelDescription;
  private final int selfPartition;
  private final int partitionCount;
  private final FabricListener listener;
  private final FragmentAssembler assembler = new FragmentAssembler(this);
  private final Map<Integer, PartialBatch> partialByPartition = new HashMap<>();
  private byte[] scratch = new byte[64 * 1024];

  ReceiveAgent(
      Subscription subscription,
      String channelDescription,
      int selfPartition,
      int partitionCount,
      FabricListener listener) {
    this.subscription = subscription;
    this.channelDescription = channelDescription;
    this.selfPartition = selfPartition;
    this.partitionCount = partitionCount;
    this.listener = listener;
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
    String reject = FrameHeader.rejectReason(buffer, offset, length);
    if (reject != null) {
      reportMalformed(header, reject);
      return;
    }
    WindowBatch chunk;
    try {
      chunk =
          parseBody(buffer, offset + FrameHeader.LENGTH_BYTES, length - FrameHeader.LENGTH_BYTES);
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
    accept(chunk, header);
  }

  /* Copies into a reused array: the term buffer is off-heap and protobuf parses fastest from byte[]. */
  private WindowBatch parseBody(DirectBuffer buffer, int offset, int length)
      throws InvalidProtocolBufferException {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    buffer.getBytes(offset, scratch, 0, length);
    try {
      return WindowBatch.parseFrom(CodedInputStream.newInstance(scratch, 0, length));
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  /*
   * Aeron keeps order per publication and each peer has exactly one publication to us, so at most one
   * batch per sender is in progress; keying by from_partition is enough.
   */
  private void accept(WindowBatch chunk, Header header) {
    int from = chunk.getFromPartition();
    PartialBatch partial = partialByPartition.get(from);
    if (chunk.getChunk() == 0) {
      if (partial != null) {
        reportMalformed(
            header,
            "batch from partition "
                + from
                + " window "
                + partial.window()
                + " abandoned after chunk "
                + (partial.nextChunk() - 1)
                + ", new window "
                + chunk.getWindow()
                + " started");
      }
      partial = new PartialBatch(chunk);
    } else if (partial == null || !partial.continuesWith(chunk)) {
      partialByPartition.remove(from);
      reportMalformed(
          header,
          "chunk "
              + chunk.getChunk()
              + " of partition "
              + from
              + " window "
              + chunk.getWindow()
              + " out of sequence"
              + (partial == null
                  ? " (no batch in progress)"
                  : ", expected " + partial.expectation()));
      return;
    } else {
      partial.append(chunk);
    }
    if (chunk.getLastChunk()) {
      partialByPartition.remove(from);
      listener.onBatch(partial.complete());
    } else {
      partialByPartition.put(from, partial);
    }
  }

  private void reportMalformed(Header header, String reason) {
    listener.onTransportError(
        "malformed datagram on "
            + channelDescription
            + " stream "
            + header.streamId()
            + " from "
            + sourceOf(header)
            + " (session "
            + header.sessionId()
            + "): "
            + oneLine(reason));
  }

  private String sourceOf(Header header) {
    Image image = subscription.imageBySessionId(header.sessionId());
    return image == null ? "unknown source" : image.sourceIdentity();
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
