package io.vioemu.host.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of page numbers kept as disjoint, coalesced runs, so a pool of millions of pages costs a
 * few map entries. Allocation always takes the lowest pages: the same request sequence yields the
 * same pages, which keeps memory layouts (and so DMA outcomes) deterministic. Used for free host
 * pages and for free IOVA space alike.
 */
public final class PageRanges {
  private final TreeMap<Long, Long> ends = new TreeMap<>(); // first page -> end (exclusive)
  private long size;

  /** Adds {@code [first, first + pages)}; it must not overlap pages already in the set. */
  public void add(long first, long pages) {
    long start = new PageRun(first, pages).first();
    long end = first + pages;
    // TreeMap's navigation methods return immutable snapshots, safe to read after removals.
    Map.Entry<Long, Long> below = ends.floorEntry(start);
    Map.Entry<Long, Long> above = ends.ceilingEntry(start);
    if ((below != null && below.getValue() > start) || (above != null && above.getKey() < end)) {
      throw new IllegalArgumentException(
          "pages [" + first + ", " + end + ") overlap pages already in the set");
    }
    if (below != null && below.getValue() == start) {
      start = below.getKey();
      ends.remove(start);
    }
    if (above != null && above.getKey() == end) {
      ends.remove(end);
      end = above.getValue();
    }
    ends.put(start, end);
    size += pages;
  }

  public boolean contains(long page) {
    Map.Entry<Long, Long> run = ends.floorEntry(page);
    return run != null && page < run.getValue();
  }

  /** Number of pages in the set. */
  public long size() {
    return size;
  }

  /** Removes and returns the lowest {@code pages} pages, as few runs as they form. */
  public List<PageRun> takeLowest(long pages) {
    if (pages <= 0 || pages > size) {
      throw new IllegalArgumentException(
          "cannot take " + pages + " pages from a set of " + size + " pages");
    }
    List<PageRun> taken = new ArrayList<>();
    long left = pages;
    while (left > 0) {
      Map.Entry<Long, Long> run = ends.pollFirstEntry();
      long n = Math.min(left, run.getValue() - run.getKey());
      taken.add(new PageRun(run.getKey(), n));
      if (run.getKey() + n < run.getValue()) {
        ends.put(run.getKey() + n, run.getValue());
      }
      left -= n;
    }
    size -= pages;
    return taken;
  }

  /**
   * Removes the lowest {@code pages} consecutive pages (first fit).
   *
   * @return the first page taken, or -1 when no run is long enough
   */
  public long takeContiguous(long pages) {
    if (pages <= 0) {
      throw new IllegalArgumentException("pages must be > 0, was " + pages);
    }
    long found = -1;
    long foundEnd = -1;
    for (Map.Entry<Long, Long> run : ends.entrySet()) {
      if (run.getValue() - run.getKey() >= pages) {
        found = run.getKey();
        foundEnd = run.getValue();
        break;
      }
    }
    if (found >= 0) {
      ends.remove(found);
      if (found + pages < foundEnd) {
        ends.put(found + pages, foundEnd);
      }
      size -= pages;
    }
    return found;
  }

  /** The runs, lowest first. */
  public List<PageRun> runs() {
    List<PageRun> runs = new ArrayList<>(ends.size());
    ends.forEach((first, end) -> runs.add(new PageRun(first, end - first)));
    return runs;
  }
}
