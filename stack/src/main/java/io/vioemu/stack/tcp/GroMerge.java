package io.vioemu.stack.tcp;

import io.vioemu.fabric.ethernet.Frame;

/**
 * Generic receive offload: in-order data segments of one connection merged into one packet, by a
 * guest's driver or a software back-end's host driver alike.
 */
public final class GroMerge {
  /** Linux's GRO aggregates at most 64 KB of packet. */
  public static final int MAX_BYTES = 65_536;

  private GroMerge() {}

  public static Segment merge(Segment s, Segment n) {
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
  public static boolean mergeable(Segment s, Frame next) {
    return next != null
        && next.body() instanceof Segment n
        && n.connId() == s.connId()
        && n.seq() == s.endSeq()
        && n.ack() == s.ack()
        && n.headerBytes() == s.headerBytes()
        && n.sackBlocks().equals(s.sackBlocks()) // GRO refuses segments whose options differ
        && n.lenBytes() > 0
        && s.packetBytes() + n.lenBytes() <= MAX_BYTES;
  }
}
