package io.vioemu.host.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.host.tcp.Segment;

/** Generic receive offload: in-order data segments of one connection merged into one packet. */
final class GroMerge {
  private GroMerge() {}

  static Segment merge(Segment s, Segment n) {
    return new Segment(
        s.connId(),
        s.seq(),
        n.ack(),
        s.lenBytes() + n.lenBytes(),
        n.windowBytes(),
        s.headerBytes(),
        s.tsValPs(),
        s.tsEcrPs());
  }

  /** GRO merges the next in-order data segment of the same connection with the same ACK. */
  static boolean mergeable(Segment s, Frame next) {
    return next != null
        && next.body() instanceof Segment n
        && n.connId() == s.connId()
        && n.seq() == s.endSeq()
        && n.ack() == s.ack()
        && n.headerBytes() == s.headerBytes()
        && n.sackBlocks().equals(s.sackBlocks()) // GRO refuses segments whose options differ
        && n.lenBytes() > 0
        && s.packetBytes() + n.lenBytes() <= NetperfSettings.GRO_MAX_BYTES;
  }
}
