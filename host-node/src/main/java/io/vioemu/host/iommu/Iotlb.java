package io.vioemu.host.iommu;

import java.util.Optional;

/**
 * The IOMMU's translation cache: {@code sets} sets of {@code ways} entries, tagged by domain and
 * IOVA page, the set chosen by the IOVA page's low bits (page modulo sets). Within a set the least
 * recently used entry is replaced, invalid ways first, lowest way first: fully deterministic. It
 * caches only present translations (not faults), as VT-d does without caching mode.
 */
public final class Iotlb {
  private final int ways;
  private final int sets;
  private final boolean[] valid;
  private final boolean[] stale;
  private final int[] domain;
  private final long[] iovaPage;
  private final long[] hostPage;
  private final Permission[] permission;
  private final long[] lastUse;
  private long clock;
  private long hits;
  private long misses;
  private long evictions;

  public Iotlb(int entries, int ways) {
    if (entries <= 0 || ways <= 0 || entries % ways != 0) {
      throw new IllegalArgumentException(
          "entries must be a positive multiple of ways, was " + entries + "/" + ways);
    }
    this.ways = ways;
    this.sets = entries / ways;
    valid = new boolean[entries];
    stale = new boolean[entries];
    domain = new int[entries];
    iovaPage = new long[entries];
    hostPage = new long[entries];
    permission = new Permission[entries];
    lastUse = new long[entries];
  }

  public int entries() {
    return valid.length;
  }

  public int ways() {
    return ways;
  }

  public int sets() {
    return sets;
  }

  public int setOf(long iovaPage) {
    return (int) Long.remainderUnsigned(iovaPage, sets);
  }

  /** A translation lookup by the hardware: counts a hit or a miss and refreshes LRU on a hit. */
  public Optional<IotlbEntry> lookup(int domainId, long page) {
    int slot = find(domainId, page);
    if (slot < 0) {
      misses++;
      return Optional.empty();
    }
    hits++;
    lastUse[slot] = ++clock;
    return Optional.of(entryAt(slot));
  }

  /** Inspects without touching LRU or counters. */
  public Optional<IotlbEntry> peek(int domainId, long page) {
    int slot = find(domainId, page);
    return slot < 0 ? Optional.empty() : Optional.of(entryAt(slot));
  }

  public boolean contains(int domainId, long page) {
    return find(domainId, page) >= 0;
  }

  /** Caches a translation just walked, replacing the set's LRU entry if the set is full. */
  public void fill(int domainId, long page, long host, Permission perm) {
    int slot = find(domainId, page);
    if (slot < 0) {
      slot = victim(setOf(page));
      if (valid[slot]) {
        evictions++;
      }
    }
    valid[slot] = true;
    stale[slot] = false;
    domain[slot] = domainId;
    iovaPage[slot] = page;
    hostPage[slot] = host;
    permission[slot] = perm;
    lastUse[slot] = ++clock;
  }

  /** Notes that the page table changed under a cached entry; the entry itself stays. */
  void markStale(int domainId, long page) {
    int slot = find(domainId, page);
    if (slot >= 0) {
      stale[slot] = true;
    }
  }

  /** Drops one entry; returns whether it was cached. */
  public boolean invalidate(int domainId, long page) {
    int slot = find(domainId, page);
    if (slot < 0) {
      return false;
    }
    valid[slot] = false;
    return true;
  }

  /** Drops every entry of a domain; returns how many there were. */
  public int invalidateDomain(int domainId) {
    int n = 0;
    for (int i = 0; i < valid.length; i++) {
      if (valid[i] && domain[i] == domainId) {
        valid[i] = false;
        n++;
      }
    }
    return n;
  }

  /** Valid entries now. */
  public int occupancy() {
    int n = 0;
    for (boolean v : valid) {
      n += v ? 1 : 0;
    }
    return n;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  /** Valid entries pushed out by fills. */
  public long evictions() {
    return evictions;
  }

  private int find(int domainId, long page) {
    int base = setOf(page) * ways;
    for (int i = base; i < base + ways; i++) {
      if (valid[i] && iovaPage[i] == page && domain[i] == domainId) {
        return i;
      }
    }
    return -1;
  }

  private int victim(int set) {
    int base = set * ways;
    int lru = base;
    for (int i = base; i < base + ways; i++) {
      if (!valid[i]) {
        return i;
      }
      if (lastUse[i] < lastUse[lru]) {
        lru = i;
      }
    }
    return lru;
  }

  private IotlbEntry entryAt(int slot) {
    return new IotlbEntry(
        domain[slot], iovaPage[slot], hostPage[slot], permission[slot], stale[slot]);
  }
}
