package io.vioemu.fabric.ethernet;

import java.util.Arrays;

/**
 * MAC address to port, without boxing: every frame a switch handles reads it once and writes it
 * once, so a {@code HashMap<Long, Integer>} cost two allocations per frame. Open addressing with
 * linear probing; grows at half full.
 */
final class MacTable {
  private static final int EMPTY = -1;

  private long[] keys = new long[16];
  private int[] values = new int[16];
  private int size;

  MacTable() {
    Arrays.fill(values, EMPTY);
  }

  /** The port stored for {@code mac}, or {@code missing}. */
  int get(long mac, int missing) {
    int mask = keys.length - 1;
    for (int i = slot(mac, mask); values[i] != EMPTY; i = (i + 1) & mask) {
      if (keys[i] == mac) {
        return values[i];
      }
    }
    return missing;
  }

  /** Stores {@code port} (never negative) for {@code mac}. */
  void put(long mac, int port) {
    int mask = keys.length - 1;
    int i = slot(mac, mask);
    while (values[i] != EMPTY && keys[i] != mac) {
      i = (i + 1) & mask;
    }
    if (values[i] == EMPTY) {
      if (2 * (size + 1) > keys.length) {
        grow();
        put(mac, port);
        return;
      }
      size++;
      keys[i] = mac;
    }
    values[i] = port;
  }

  private static int slot(long mac, int mask) {
    long h = mac * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h >>> 40) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
