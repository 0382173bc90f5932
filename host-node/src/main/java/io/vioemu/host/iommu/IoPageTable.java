package io.vioemu.host.iommu;

/**
 * A domain's second-level translation table, shaped like VT-d's: four levels of 512 entries, so a
 * 48-bit IOVA (36-bit page number) takes four lookups. Tables are allocated as entries appear and
 * counted, since page-table memory is part of what mapping everything costs.
 */
final class IoPageTable {
  static final int LEVELS = 4;
  static final int BITS_PER_LEVEL = 9;
  static final int ENTRIES = 1 << BITS_PER_LEVEL;
  static final long MAX_PAGES = 1L << (LEVELS * BITS_PER_LEVEL);

  private final Object[] root = new Object[ENTRIES];
  private long tablePages = 1;
  private long present;

  /** The entry for {@code iovaPage}: host page and permission bits, 0 if not present. */
  long get(long iovaPage) {
    if (iovaPage < 0 || iovaPage >= MAX_PAGES) {
      return 0; // beyond the address width: no entry can exist
    }
    long[] leaf = leaf(iovaPage, false);
    return leaf == null ? 0 : leaf[index(iovaPage, 0)];
  }

  void set(long iovaPage, long hostPage, Permission permission) {
    if (iovaPage < 0 || iovaPage >= MAX_PAGES) {
      throw new IllegalArgumentException(
          "IOVA page " + iovaPage + " beyond the 48-bit address width");
    }
    if (hostPage < 0 || hostPage >= 1L << 60) {
      throw new IllegalArgumentException("host page out of range: " + hostPage);
    }
    long[] leaf = leaf(iovaPage, true);
    int i = index(iovaPage, 0);
    if (leaf[i] == 0) {
      present++;
    }
    leaf[i] = (hostPage << 2) | permission.bits();
  }

  /** Clears the entry; returns whether there was one. */
  boolean clear(long iovaPage) {
    long[] leaf = iovaPage >= 0 && iovaPage < MAX_PAGES ? leaf(iovaPage, false) : null;
    int i = index(iovaPage, 0);
    if (leaf == null || leaf[i] == 0) {
      return false;
    }
    leaf[i] = 0;
    present--;
    return true;
  }

  static boolean isPresent(long entry) {
    return entry != 0;
  }

  static long hostPage(long entry) {
    return entry >>> 2;
  }

  static Permission permission(long entry) {
    return Permission.ofBits((int) (entry & 3));
  }

  /** Table pages allocated, root included (each 4 KiB in hardware). */
  long tablePages() {
    return tablePages;
  }

  long presentEntries() {
    return present;
  }

  private static int index(long iovaPage, int level) {
    return (int) ((iovaPage >>> (level * BITS_PER_LEVEL)) & (ENTRIES - 1));
  }

  private long[] leaf(long iovaPage, boolean create) {
    Object[] table = root;
    for (int level = LEVELS - 1; level >= 2; level--) {
      int i = index(iovaPage, level);
      if (table[i] == null) {
        if (!create) {
          return null;
        }
        table[i] = new Object[ENTRIES];
        tablePages++;
      }
      table = (Object[]) table[i];
    }
    int i = index(iovaPage, 1);
    if (table[i] == null) {
      if (!create) {
        return null;
      }
      table[i] = new long[ENTRIES];
      tablePages++;
    }
    return (long[]) table[i];
  }
}
