package io.vioemu.host.iommu;

/**
 * A domain's second-level translation table, shaped like VT-d's: four levels of 512 entries, so a
 * 48-bit IOVA (36-bit page number) takes four lookups. Tables are allocated as entries appear and
 * counted, since page-table memory is part of what mapping everything costs. An entry of the second
 * level may be a 2 MiB leaf (VT-d's super-page, PS = 1) instead of a pointer to a last-level table:
 * it maps 512 consecutive pages at once and its walk stops one level early.
 */
final class IoPageTable {
  /** 4 KiB pages a 2 MiB leaf maps. */
  static final long LARGE_PAGES = 512;

  /** A 2 MiB leaf: its first host page and permission bits, as a 4 KiB entry encodes them. */
  private record LargeLeaf(long entry) {}

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
    Object[] dir = directory(iovaPage, false);
    Object slot = dir == null ? null : dir[index(iovaPage, 1)];
    if (slot instanceof LargeLeaf l) {
      return l.entry() + ((iovaPage & (LARGE_PAGES - 1)) << 2);
    }
    return slot == null ? 0 : ((long[]) slot)[index(iovaPage, 0)];
  }

  /** Whether {@code iovaPage} is mapped by a 2 MiB leaf. */
  boolean isLarge(long iovaPage) {
    if (iovaPage < 0 || iovaPage >= MAX_PAGES) {
      return false;
    }
    Object[] dir = directory(iovaPage, false);
    return dir != null && dir[index(iovaPage, 1)] instanceof LargeLeaf;
  }

  /**
   * Maps the 512 pages from {@code iovaPage} to those from {@code hostPage} with one 2 MiB leaf;
   * both must be 2 MiB aligned, and no 4 KiB entry may be there.
   */
  void setLarge(long iovaPage, long hostPage, Permission permission) {
    if (iovaPage < 0
        || iovaPage + LARGE_PAGES > MAX_PAGES
        || iovaPage % LARGE_PAGES != 0
        || hostPage % LARGE_PAGES != 0
        || hostPage < 0
        || hostPage >= 1L << 60) {
      throw new IllegalArgumentException(
          "a 2 MiB leaf needs aligned pages, was IOVA page "
              + iovaPage
              + ", host page "
              + hostPage);
    }
    Object[] dir = directory(iovaPage, true);
    int i = index(iovaPage, 1);
    if (dir[i] instanceof long[]) {
      throw new IllegalStateException("IOVA page " + iovaPage + " already has 4 KiB entries");
    }
    if (dir[i] == null) {
      present += LARGE_PAGES;
    }
    dir[i] = new LargeLeaf((hostPage << 2) | permission.bits());
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
    if (isLarge(iovaPage)) {
      throw new IllegalStateException("IOVA page " + iovaPage + " is in a 2 MiB leaf");
    }
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

  /** The second-level table that holds {@code iovaPage}'s leaf table or 2 MiB leaf. */
  private Object[] directory(long iovaPage, boolean create) {
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
    return table;
  }

  private long[] leaf(long iovaPage, boolean create) {
    Object[] table = directory(iovaPage, create);
    if (table == null) {
      return null;
    }
    int i = index(iovaPage, 1);
    if (table[i] instanceof LargeLeaf) {
      throw new IllegalStateException("IOVA page " + iovaPage + " is in a 2 MiB leaf");
    }
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
