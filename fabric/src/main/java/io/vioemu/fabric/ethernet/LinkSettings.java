package io.vioemu.fabric.ethernet;

/**
 * One direction of a full-duplex link, validated once.
 *
 * @param rateBitsPerSec line rate
 * @param propagationPs propagation delay (about 5 ns per metre of fibre or copper)
 * @param mtuBytes largest L3 payload
 */
public record LinkSettings(long rateBitsPerSec, long propagationPs, int mtuBytes) {
  public LinkSettings {
    if (rateBitsPerSec <= 0) {
      throw new IllegalArgumentException("link rate must be > 0 bit/s, was " + rateBitsPerSec);
    }
    if (propagationPs < 0) {
      throw new IllegalArgumentException("propagation delay must be >= 0 ps, was " + propagationPs);
    }
    if (mtuBytes < Ethernet.MIN_PAYLOAD_BYTES || mtuBytes > Ethernet.JUMBO_MTU_BYTES) {
      throw new IllegalArgumentException("MTU must be 46..9000 bytes, was " + mtuBytes);
    }
  }

  /** 10GbE, 1 µs of propagation, MTU 1500: the default fabric link. */
  public static LinkSettings tenGig() {
    return new LinkSettings(10_000_000_000L, 1_000_000L, Ethernet.DEFAULT_MTU_BYTES);
  }

  /**
   * The link's minimum latency, a frame's first bit leaving to its last bit arriving for the
   * smallest frame: the lookahead this link gives the kernel.
   */
  public long minLatencyPs() {
    return propagationPs + lastBitPs(0);
  }

  /** From a frame's first bit (preamble) leaving to its last bit (FCS) leaving: no gap. */
  public long lastBitPs(int payloadBytes) {
    return Ethernet.serializationPs(
        Ethernet.wireBytes(payloadBytes) - Ethernet.IFG_BYTES, rateBitsPerSec);
  }

  /** How long a frame occupies the transmitter, inter-frame gap included. */
  public long busyPs(int payloadBytes) {
    return Ethernet.serializationPs(Ethernet.wireBytes(payloadBytes), rateBitsPerSec);
  }
}
