package io.vioemu.fabric.ethernet;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.proto.fabric.FrameRecord;

/**
 * Frames across JVMs, as {@code FrameRecord} (proto/fabric.proto). Events of other kinds must carry
 * no payload. Upper-layer bodies do not cross JVMs yet: a frame with one is refused loudly rather
 * than silently stripped.
 */
public final class FrameCodec implements PayloadCodec {
  @Override
  public byte[] encode(int kind, Object payload) {
    if (payload == null) {
      return null;
    }
    if (!(payload instanceof Frame f)) {
      throw new IllegalArgumentException(
          "event kind " + kind + " carries a " + payload.getClass().getName());
    }
    if (f.body() != null) {
      throw new IllegalArgumentException(
          "frame bodies cannot cross JVMs yet (flow " + f.flowId() + ")");
    }
    return FrameRecord.newBuilder()
        .setSrcMac(f.srcMac())
        .setDstMac(f.dstMac())
        .setPayloadBytes(f.payloadBytes())
        .setFlowId(f.flowId())
        .setSeq(f.seq())
        .build()
        .toByteArray();
  }

  @Override
  public Object decode(int kind, byte[] bytes) {
    try {
      FrameRecord r = FrameRecord.parseFrom(bytes);
      return new Frame(
          r.getSrcMac(), r.getDstMac(), r.getPayloadBytes(), r.getFlowId(), r.getSeq(), null);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "malformed frame in event kind " + kind + ": " + e.getMessage());
    }
  }
}
