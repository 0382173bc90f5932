package io.vioemu.host.memory;

import java.util.Map;
import java.util.NavigableMap;

/** Pages {@code [first, end)} with one owner: ownership is kept per run, not per page. */
record OwnedExtent(long first, long end, Owner owner) {

  /** The owner of {@code page} in a map of extents keyed by first page; free where none covers. */
  static Owner ownerAt(NavigableMap<Long, OwnedExtent> extents, long page) {
    Map.Entry<Long, OwnedExtent> e = extents.floorEntry(page);
    return e != null && page < e.getValue().end() ? e.getValue().owner() : Owner.FREE;
  }
}
