package io.vioemu.fabric.ethernet;

/**
 * IEEE 802.3 sizes. A frame on the wire is preamble+SFD, header, payload (padded to 46 bytes), FCS,
 * then the inter-frame gap before the next frame may start.
 */
public final class Ethernet {
  public static final int PREAMBLE_SFD_BYTES = 8;
  public static final int HEADER_BYTES = 14;
  public static final int FCS_BYTES = 4;
  public static final int IFG_BYTES = 12;
  public static final int MIN_PAYLOAD_BYTES = 46;
  public static final int DEFAULT_MTU_BYTES = 1500;
  public static final int JUMBO_MTU_BYTES = 9000;

  /** Wire bytes of every frame beyond its (padded) payload: 38. */
  public static final int OVERHEAD_BYTES =
      PREAMBLE_SFD_BYTES + HEADER_BYTES + FCS_BYTES + IFG_BYTES;

  private static final long PS_PER_SECOND = 1_000_000_000_000L;

  private Ethernet() {}

  /** Frame bytes as counted by a switch buffer: header + padded payload + FCS (64..1518). */
  public static int frameBytes(int payloadBytes) {
    return HEADER_BYTES + Math.max(payloadBytes, MIN_PAYLOAD_BYTES) + FCS_BYTES;
  }

  /** Bytes the frame occupies on the wire, gap included (84 for a minimal frame). */
  public static int wireBytes(int payloadBytes) {
    return Math.max(payloadBytes, MIN_PAYLOAD_BYTES) + OVERHEAD_BYTES;
  }

  /**
   * Time to clock {@code bytes} onto a link of {@code rateBitsPerSec}, rounded up to a whole
   * picosecond (exact for 1, 10, 25, 40 and 100 Gb/s: 8000, 800, 320, 200 and 80 ps per byte).
   */
  public static long serializationPs(long bytes, long rateBitsPerSec) {
    long bits = Math.multiplyExact(bytes, 8L);
    long numerator = Math.multiplyExact(bits, PS_PER_SECOND);
    return (numerator + rateBitsPerSec - 1) / rateBitsPerSec;
  }
}
