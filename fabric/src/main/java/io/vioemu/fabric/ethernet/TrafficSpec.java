package io.vioemu.fabric.ethernet;

/**
 * One host's generated flow.
 *
 * @param dstMac where the frames go
 * @param payloadBytes L3 payload of every frame
 * @param intervalPs time between frames; 0 means back to back at line rate
 * @param stopPs no frame is generated at or after this time
 * @param flows frames are spread round-robin over this many flows (distinct flow ids, as for
 *     several connections between the same two hosts)
 */
public record TrafficSpec(long dstMac, int payloadBytes, long intervalPs, long stopPs, int flows) {
  public TrafficSpec {
    if (flows < 1) {
      throw new IllegalArgumentException("flows must be >= 1, was " + flows);
    }
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payload must be >= 0 bytes, was " + payloadBytes);
    }
    if (intervalPs < 0) {
      throw new IllegalArgumentException("interval must be >= 0 ps, was " + intervalPs);
    }
  }

  public boolean lineRate() {
    return intervalPs == 0;
  }
}
