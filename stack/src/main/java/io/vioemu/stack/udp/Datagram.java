package io.vioemu.stack.udp;

import io.vioemu.stack.Packet;

/**
 * A UDP datagram in one IP packet (no fragmentation: its data fits the MTU).
 *
 * @param flowId the socket pair, the same at both ends
 * @param seq the sender's datagram number, to count loss and reordering
 * @param lenBytes data bytes
 */
public record Datagram(int flowId, long seq, int lenBytes) implements Packet {
  public static final int HEADER_BYTES = 20 + 8;

  public Datagram {
    if (lenBytes < 0 || seq < 0) {
      throw new IllegalArgumentException("negative field in datagram of flow " + flowId);
    }
  }

  @Override
  public int packetBytes() {
    return HEADER_BYTES + lenBytes;
  }

  /** Largest data a datagram may carry without IP fragmentation. */
  public static int maxDataBytes(int mtuBytes) {
    return mtuBytes - HEADER_BYTES;
  }
}
