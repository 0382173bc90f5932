package io.vioemu.host.memory;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of every page of a {@link HostMemory} at one moment, to compare with another moment:
 * "did anything outside this VM change?" is answered page by page, not by trusting a log.
 */
public final class MemorySnapshot {
  private final long pages;
  private final NavigableMap<Long, OwnedExtent> owned;
  private final NavigableMap<Long, PageContents> contents;

  MemorySnapshot(
      long pages, NavigableMap<Long, OwnedExtent> owned, Map<Long, PageContents> contents) {
    this.pages = pages;
    this.owned = Collections.unmodifiableNavigableMap(new TreeMap<>(owned));
    this.contents = Collections.unmodifiableNavigableMap(new TreeMap<>(contents));
  }

  public long pages() {
    return pages;
  }

  public PageState page(long page) {
    if (page < 0 || page >= pages) {
      throw new IndexOutOfBoundsException("page " + page + " outside [0, " + pages + ")");
    }
    return PageState.of(
        page,
        OwnedExtent.ownerAt(owned, page),
        contents.getOrDefault(page, PageContents.NEVER_WRITTEN));
  }

  /** Pages whose owner or write history differ between {@code other} and this, ascending. */
  public List<Long> changedPages(MemorySnapshot other) {
    if (other.pages != pages) {
      throw new IllegalArgumentException(
          "snapshots of different memories: " + pages + " vs " + other.pages + " pages");
    }
    TreeSet<Long> changed = new TreeSet<>();
    TreeSet<Long> written = new TreeSet<>(contents.keySet());
    written.addAll(other.contents.keySet());
    for (long p : written) {
      if (!Objects.equals(contents.get(p), other.contents.get(p))) {
        changed.add(p);
      }
    }
    // Ownership is constant between any two consecutive extent boundaries of either snapshot.
    TreeSet<Long> cuts = new TreeSet<>(List.of(0L, pages));
    for (OwnedExtent e : owned.values()) {
      cuts.add(e.first());
      cuts.add(e.end());
    }
    for (OwnedExtent e : other.owned.values()) {
      cuts.add(e.first());
      cuts.add(e.end());
    }
    Long from = cuts.first();
    for (Long to = cuts.higher(from); to != null; from = to, to = cuts.higher(to)) {
      if (!OwnedExtent.ownerAt(owned, from).equals(OwnedExtent.ownerAt(other.owned, from))) {
        for (long p = from; p < to; p++) {
          changed.add(p);
        }
      }
    }
    return List.copyOf(changed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemorySnapshot s && s.pages == pages && changedPages(s).isEmpty();
  }

  @Override
  public int hashCode() {
    return Long.hashCode(pages);
  }
}
