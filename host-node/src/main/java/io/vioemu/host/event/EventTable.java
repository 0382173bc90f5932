package io.vioemu.host.event;

import java.util.Arrays;

/**
 * From a {@code TimedEvent}'s int kind back to one enum's constant, by an array indexed by id: no
 * allocation and no hashing on the event path.
 */
public final class EventTable<E extends Enum<E> & EventKind> {
  private final int firstId;
  private final E[] byId;

  public EventTable(E[] kinds) {
    int first = Arrays.stream(kinds).mapToInt(EventKind::id).min().orElseThrow();
    int last = Arrays.stream(kinds).mapToInt(EventKind::id).max().orElseThrow();
    E[] table = Arrays.copyOf(kinds, last - first + 1);
    Arrays.fill(table, null);
    for (E k : kinds) {
      if (table[k.id() - first] != null) {
        throw new IllegalStateException(k + " and " + table[k.id() - first] + " share an id");
      }
      table[k.id() - first] = k;
    }
    this.firstId = first;
    this.byId = table;
  }

  /** The kind numbered {@code id}, or null if it is none of this enum's. */
  public E of(int id) {
    int i = id - firstId;
    return i >= 0 && i < byId.length ? byId[i] : null;
  }
}
