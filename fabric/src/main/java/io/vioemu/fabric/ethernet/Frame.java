package io.vioemu.fabric.ethernet;

/**
 * An Ethernet frame as the fabric moves it: addresses, the L3 payload length, and the flow it
 * belongs to (for ECMP hashing and per-flow statistics). {@code body} carries the upper layer's
 * packet object inside a JVM; it is not part of the frame's size.
 *
 * @param srcMac source MAC, 48 bits in a long
 * @param dstMac destination MAC; {@link #BROADCAST} floods
 * @param payloadBytes L3 payload, 0..MTU (padded to 46 on the wire)
 * @param flowId the flow this frame belongs to
 * @param seq per-flow sequence number
 * @param body upper-layer packet, or null
 */
public record Frame(
    long srcMac, long dstMac, int payloadBytes, long flowId, long seq, Object body) {
  public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

  public Frame {
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payload must be >= 0 bytes, was " + payloadBytes);
    }
  }

  public int frameBytes() {
    return Ethernet.frameBytes(payloadBytes);
  }

  public int wireBytes() {
    return Ethernet.wireBytes(payloadBytes);
  }
}
