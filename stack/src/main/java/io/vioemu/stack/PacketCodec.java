package io.vioemu.stack;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vioemu.fabric.ethernet.BodyCodec;
import io.vioemu.proto.fabric.DatagramRecord;
import io.vioemu.proto.fabric.SegmentRecord;
import io.vioemu.stack.tcp.SackBlock;
import io.vioemu.stack.tcp.Segment;
import io.vioemu.stack.udp.Datagram;

/** TCP segments (kind 1) and UDP datagrams (kind 2) in frames that cross JVMs. */
public final class PacketCodec implements BodyCodec {
  static final int SEGMENT = 1;
  static final int DATAGRAM = 2;

  @Override
  public int kindOf(Object body) {
    if (body instanceof Segment) {
      return SEGMENT;
    }
    if (body instanceof Datagram) {
      return DATAGRAM;
    }
    throw new IllegalArgumentException("no schema for a " + body.getClass().getName());
  }

  @Override
  public byte[] encode(Object body) {
    if (body instanceof Segment s) {
      return SegmentRecord.newBuilder()
          .setConnId(s.connId())
          .setSeq(s.seq())
          .setAck(s.ack())
          .setLenBytes(s.lenBytes())
          .setWindowBytes(s.windowBytes())
          .setHeaderBytes(s.headerBytes())
          .setTsValPs(s.tsValPs())
          .setTsEcrPs(s.tsEcrPs())
          .addAllSackBlocks(
              s.sackBlocks().stream()
                  .map(
                      b ->
                          SegmentRecord.SackBlock.newBuilder()
                              .setStart(b.start())
                              .setEnd(b.end())
                              .build())
                  .toList())
          .build()
          .toByteArray();
    }
    Datagram d = (Datagram) body;
    return DatagramRecord.newBuilder()
        .setFlowId(d.flowId())
        .setSeq(d.seq())
        .setLenBytes(d.lenBytes())
        .build()
        .toByteArray();
  }

  @Override
  public Object decode(int kind, byte[] bytes) {
    try {
      return switch (kind) {
        case SEGMENT -> {
          SegmentRecord r = SegmentRecord.parseFrom(bytes);
          yield new Segment(
              r.getConnId(),
              r.getSeq(),
              r.getAck(),
              r.getLenBytes(),
              r.getWindowBytes(),
              r.getHeaderBytes(),
              r.getTsValPs(),
              r.getTsEcrPs(),
              r.getSackBlocksList().stream()
                  .map(b -> new SackBlock(b.getStart(), b.getEnd()))
                  .toList());
        }
        case DATAGRAM -> {
          DatagramRecord r = DatagramRecord.parseFrom(bytes);
          yield new Datagram(r.getFlowId(), r.getSeq(), r.getLenBytes());
        }
        default -> throw new IllegalArgumentException("unknown frame body kind " + kind);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "malformed frame body of kind " + kind + ": " + e.getMessage());
    }
  }
}
