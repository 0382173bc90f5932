package io.vioemu.fabric.transport;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) of a frame for one destination partition, computed without allocating:
 * {@code javax.crypto.Mac} returns a fresh array from every {@code doFinal}, and this runs once per
 * batch on a partition's thread. Built on the JDK's SHA-256 {@link MessageDigest} with the key's
 * inner and outer pads precomputed; a test checks it against {@code Mac.getInstance("HmacSHA256")}.
 * Not thread-safe: one instance per sending publication and per receiving agent.
 */
final class FrameMac {
  static final int LENGTH_BYTES = 32;
  private static final int BLOCK_BYTES = 64;
  private static final byte IPAD = 0x36;
  private static final byte OPAD = 0x5c;

  private final MessageDigest inner;
  private final MessageDigest outer;
  private final byte[] innerPad = new byte[BLOCK_BYTES];
  private final byte[] outerPad = new byte[BLOCK_BYTES];
  private final byte[] innerHash = new byte[LENGTH_BYTES];
  private final byte[] expected = new byte[LENGTH_BYTES];
  private final byte[] destination = new byte[Integer.BYTES];

  /**
   * @param key at most 64 bytes (the fabric uses 32)
   */
  FrameMac(byte[] key) {
    if (key.length > BLOCK_BYTES) {
      throw new IllegalArgumentException("MAC key of " + key.length + " bytes, at most 64");
    }
    try {
      inner = MessageDigest.getInstance("SHA-256");
      outer = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
    for (int i = 0; i < BLOCK_BYTES; i++) {
      byte k = i < key.length ? key[i] : 0;
      innerPad[i] = (byte) (k ^ IPAD);
      outerPad[i] = (byte) (k ^ OPAD);
    }
  }

  /**
   * Writes the MAC of {@code data[offset, offset + length)} followed by {@code toPartition} (4
   * bytes, little-endian; not on the wire, so a batch for one partition fails at any other) into
   * {@code out[outOffset, outOffset + 32)}.
   */
  void compute(byte[] data, int offset, int length, int toPartition, byte[] out, int outOffset) {
    destination[0] = (byte) toPartition;
    destination[1] = (byte) (toPartition >>> 8);
    destination[2] = (byte) (toPartition >>> 16);
    destination[3] = (byte) (toPartition >>> 24);
    try {
      inner.update(innerPad);
      inner.update(data, offset, length);
      inner.update(destination);
      inner.digest(innerHash, 0, LENGTH_BYTES);
      outer.update(outerPad);
      outer.update(innerHash);
      outer.digest(out, outOffset, LENGTH_BYTES);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 into a 32-byte slot failed", e);
    }
  }

  /**
   * Whether {@code data[offset, offset + length)} for {@code toPartition} has the MAC in {@code
   * mac[macOffset, macOffset + 32)}; the comparison takes the same time wherever they differ.
   */
  boolean verify(byte[] data, int offset, int length, int toPartition, byte[] mac, int macOffset) {
    compute(data, offset, length, toPartition, expected, 0);
    int difference = 0;
    for (int i = 0; i < LENGTH_BYTES; i++) {
      difference |= expected[i] ^ mac[macOffset + i];
    }
    return difference == 0;
  }
}
