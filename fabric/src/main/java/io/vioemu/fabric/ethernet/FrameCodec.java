package io.vioemu.fabric.ethernet;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.proto.fabric.FrameRecord;

/**
 * Frames across JVMs, as {@code FrameRecord} (proto/fabric.proto), their upper-layer bodies encoded
 * by the model's {@link BodyCodec}. Events of other kinds must carry no payload.
 */
public final class FrameCodec implements PayloadCodec {
  private final BodyCodec bodies;

  /** Frames without bodies. */
  public FrameCodec() {
    this(BodyCodec.NONE);
  }

  public FrameCodec(BodyCodec bodies) {
    this.bodies = bodies;
  }

  @Override
  public byte[] encode(int kind, Object payload) {
    if (payload == null) {
      return null;
    }
    if (!(payload instanceof Frame f)) {
      throw new IllegalArgumentException(
          "event kind " + kind + " carries a " + payload.getClass().getName());
    }
    FrameRecord.Builder b =
        FrameRecord.newBuilder()
            .setSrcMac(f.srcMac())
            .setDstMac(f.dstMac())
            .setPayloadBytes(f.payloadBytes())
            .setFlowId(f.flowId())
            .setSeq(f.seq());
    if (f.body() != null) {
      b.setBodyKind(bodies.kindOf(f.body())).setBody(ByteString.copyFrom(bodies.encode(f.body())));
    }
    return b.build().toByteArray();
  }

  @Override
  public Object decode(int kind, byte[] bytes) {
    try {
      FrameRecord r = FrameRecord.parseFrom(bytes);
      Object body =
          r.getBodyKind() == 0 ? null : bodies.decode(r.getBodyKind(), r.getBody().toByteArray());
      return new Frame(
          r.getSrcMac(), r.getDstMac(), r.getPayloadBytes(), r.getFlowId(), r.getSeq(), body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "malformed frame in event kind " + kind + ": " + e.getMessage());
    }
  }
}
