package io.vioemu.fabric.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A run's fabric key: 32 secret bytes every partition of the run shares, under which each frame
 * carries an HMAC-SHA256. The runner draws a fresh one per run and hands it to the nodes over the
 * control plane (Pekko Artery: confidential only when Artery runs over TLS). The run tag, derived
 * from the key, goes in every frame's header in clear, so that a receiver tells a stale frame of
 * another run from a forged one before checking the MAC; it reveals nothing about the key.
 */
public final class FabricKey {
  public static final int LENGTH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] TAG_LABEL =
      "vioemu fabric run tag".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private final long runTag;

  private FabricKey(byte[] key) {
    this.key = key.clone();
    byte[] tag = new byte[FrameMac.LENGTH_BYTES];
    new FrameMac(this.key).compute(TAG_LABEL, 0, TAG_LABEL.length, -1, tag, 0);
    long t = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      t = (t << 8) | (tag[i] & 0xff);
    }
    this.runTag = t;
  }

  /** A fresh random key, for one run. */
  public static FabricKey random() {
    byte[] key = new byte[LENGTH_BYTES];
    RANDOM.nextBytes(key);
    return new FabricKey(key);
  }

  /**
   * The key another node drew.
   *
   * @throws IllegalArgumentException unless it has {@value #LENGTH_BYTES} bytes
   */
  public static FabricKey of(byte[] key) {
    if (key.length != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "fabric key of " + key.length + " bytes, expected " + LENGTH_BYTES);
    }
    return new FabricKey(key);
  }

  /** A copy of the key's bytes, to hand to the run's nodes. */
  public byte[] bytes() {
    return key.clone();
  }

  long runTag() {
    return runTag;
  }

  /** A MAC engine under this key, for one thread. */
  FrameMac newMac() {
    return new FrameMac(key);
  }

  @Override
  public String toString() {
    return "FabricKey[run tag " + Long.toHexString(runTag) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FabricKey k && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(runTag);
  }
}
