package io.vioemu.host.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every DMA piece, counted by outcome; the most recent ones kept in full (a long run issues
 * millions), and every foreign access kept aggregated for the {@link DamageReport}, however old:
 * damage is rare in a healthy system and must never scroll away.
 */
public final class DmaLog {
  private static final Comparator<DamageKey> KEY_ORDER =
      Comparator.comparingLong(DamageKey::hostPage)
          .thenComparingInt(DamageKey::device)
          .thenComparing(DamageKey::access)
          .thenComparing(k -> k.victim().kind())
          .thenComparingInt(k -> k.victim().id());

  private record DamageKey(long hostPage, int device, DmaAccess access, Owner victim) {}

  private final int capacity;
  private final ArrayDeque<DmaRecord> recent;
  private final EnumMap<DmaOutcome, Long> counts = new EnumMap<>(DmaOutcome.class);
  private final TreeMap<DamageKey, Damage> damage = new TreeMap<>(KEY_ORDER);
  private long total;

  /**
   * @param capacity how many of the most recent records to keep in full
   */
  public DmaLog(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
    for (DmaOutcome o : DmaOutcome.values()) {
      counts.put(o, 0L);
    }
  }

  void add(DmaRecord r) {
    total++;
    counts.merge(r.outcome(), 1L, Long::sum);
    if (capacity > 0) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(r);
    }
    if (r.outcome() == DmaOutcome.LANDED_IN_FOREIGN_PAGE) {
      damage.merge(
          new DamageKey(r.hostPage(), r.device(), r.access(), r.pageOwner()),
          Damage.of(r),
          (old, fresh) -> old.plus(r));
    }
  }

  /** The most recent records, oldest first. */
  public List<DmaRecord> records() {
    return new ArrayList<>(recent);
  }

  /** Records ever added. */
  public long total() {
    return total;
  }

  public long count(DmaOutcome outcome) {
    return counts.get(outcome);
  }

  /** Counts per outcome, in declaration order. */
  public Map<DmaOutcome, Long> counts() {
    return new EnumMap<>(counts);
  }

  public DamageReport damage() {
    return new DamageReport(new ArrayList<>(damage.values()));
  }
}
