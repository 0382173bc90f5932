package io.vioemu.host.tcp;

/**
 * A TCP segment as IP carries it. Sequence numbers are 64-bit and never wrap (a simulated
 * connection would need 2^63 bytes to notice). A segment longer than one MSS is a TSO super-segment
 * that the NIC cuts into MSS-sized frames, or a GRO aggregate on the receive side.
 *
 * @param connId the connection, the same at both ends
 * @param seq first data byte
 * @param ack next byte expected from the peer (every segment but the first carries an ACK)
 * @param lenBytes data bytes
 * @param windowBytes receive window the sender advertises (window scaling assumed)
 * @param headerBytes IP + TCP headers with options: 40, or 52 with timestamps
 * @param tsValPs the sender's timestamp clock, or -1 without the timestamps option
 * @param tsEcrPs the timestamp echoed back, or -1
 * @param sackedSegments on a duplicate ACK, how many segments the out-of-order data that caused it
 *     holds: a summary of what SACK blocks would tell the sender (RFC 6675 counts segments received
 *     above a hole, not ACKs). Receive aggregation (GRO) sends one ACK for many segments, so
 *     without it the sender would under-count and wait for its timer.
 */
public record Segment(
    int connId,
    long seq,
    long ack,
    int lenBytes,
    long windowBytes,
    int headerBytes,
    long tsValPs,
    long tsEcrPs,
    int sackedSegments) {
  public static final int IP_HEADER_BYTES = 20;
  public static final int TCP_HEADER_BYTES = 20;

  /** Timestamps option (10 bytes) with two NOPs for alignment, RFC 7323 appendix A. */
  public static final int TIMESTAMP_OPTION_BYTES = 12;

  /** A segment that reports no out-of-order data. */
  public Segment(
      int connId,
      long seq,
      long ack,
      int lenBytes,
      long windowBytes,
      int headerBytes,
      long tsValPs,
      long tsEcrPs) {
    this(connId, seq, ack, lenBytes, windowBytes, headerBytes, tsValPs, tsEcrPs, 0);
  }

  public Segment {
    if (lenBytes < 0 || windowBytes < 0 || seq < 0 || ack < 0 || sackedSegments < 0) {
      throw new IllegalArgumentException("negative field in segment of connection " + connId);
    }
  }

  /** Bytes of the IP packet: headers and data. */
  public int packetBytes() {
    return headerBytes + lenBytes;
  }

  public long endSeq() {
    return seq + lenBytes;
  }

  /** This segment's bytes {@code [from, from + len)} as a segment of its own, same headers. */
  public Segment slice(long from, int len) {
    return new Segment(connId, from, ack, len, windowBytes, headerBytes, tsValPs, tsEcrPs);
  }
}
