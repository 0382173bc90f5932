package io.vioemu.fabric.kernel;

/**
 * 64-bit mixing for seeds and checksums (the SplitMix64 finalizer, a public-domain constant set).
 */
public final class Mix {
  private Mix() {}

  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Folds one value into a running hash; order-sensitive. */
  public static long fold(long hash, long value) {
    return mix64(hash * 0x9E3779B97F4A7C15L + value);
  }

  /** Combines per-entity hashes, given in entity id order, into one run checksum. */
  public static long combine(long[] entityHashesInIdOrder) {
    long h = 0x243F6A8885A308D3L;
    for (long e : entityHashesInIdOrder) {
      h = fold(h, e);
    }
    return h;
  }
}
