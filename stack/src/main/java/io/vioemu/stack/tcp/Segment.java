package io.vioemu.stack.tcp;

import io.vioemu.stack.Packet;
import java.util.List;

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
 * @param headerBytes IP + TCP headers with options: 40, or 52 with timestamps, plus {@link
 *     #sackOptionBytes} when SACK blocks are present
 * @param tsValPs the sender's timestamp clock, or -1 without the timestamps option
 * @param tsEcrPs the timestamp echoed back, or -1
 * @param sackBlocks the SACK option (RFC 2018): data the sender of this segment holds above a hole
 *     in what it received, the block holding the most recently received segment first; empty when
 *     nothing is held out of order (or SACK is off). At most {@link #MAX_SACK_BLOCKS}.
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
    List<SackBlock> sackBlocks)
    implements Packet {
  public static final int IP_HEADER_BYTES = 20;
  public static final int TCP_HEADER_BYTES = 20;

  /** Timestamps option (10 bytes) with two NOPs for alignment, RFC 7323 appendix A. */
  public static final int TIMESTAMP_OPTION_BYTES = 12;

  /** 40 option bytes hold 4 SACK blocks (4 + 8 * 4 = 36), or 3 beside the timestamps option. */
  public static final int MAX_SACK_BLOCKS = 4;

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
    this(connId, seq, ack, lenBytes, windowBytes, headerBytes, tsValPs, tsEcrPs, List.of());
  }

  public Segment {
    if (lenBytes < 0 || windowBytes < 0 || seq < 0 || ack < 0) {
      throw new IllegalArgumentException("negative field in segment of connection " + connId);
    }
    sackBlocks = List.copyOf(sackBlocks);
    if (sackBlocks.size() > MAX_SACK_BLOCKS) {
      throw new IllegalArgumentException(
          sackBlocks.size() + " SACK blocks in segment of connection " + connId);
    }
  }

  /**
   * Bytes of a SACK option with {@code blocks} blocks: kind, length and 8 bytes per block (RFC 2018
   * section 3), padded with NOPs to a multiple of 4 (12, 20, 28, 36), or 0 without blocks.
   */
  public static int sackOptionBytes(int blocks) {
    return blocks == 0 ? 0 : (2 + 8 * blocks + 3) / 4 * 4;
  }

  /** The connection's id. */
  @Override
  public int flowId() {
    return connId;
  }

  /** Bytes of the IP packet: headers and data. */
  @Override
  public int packetBytes() {
    return headerBytes + lenBytes;
  }

  public long endSeq() {
    return seq + lenBytes;
  }

  /**
   * This segment's bytes {@code [from, from + len)} as a segment of its own, same headers and
   * options (TSO copies the TCP options into every segment it cuts).
   */
  public Segment slice(long from, int len) {
    return new Segment(
        connId, from, ack, len, windowBytes, headerBytes, tsValPs, tsEcrPs, sackBlocks);
  }
}
