package io.vioemu.host.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host's physical memory as 4 KiB pages, each with an owner and a write history. The hypervisor
 * owns a block at the bottom; everything else starts free and is handed out lowest page first, so
 * the same allocation sequence always produces the same layout. Storage is sparse (ownership per
 * run, history only for written pages), so a host of many gigabytes costs little.
 */
public final class HostMemory {
  public static final int PAGE_SHIFT = 12;
  public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  private final long pages;
  private final PageRanges free = new PageRanges();
  private final TreeMap<Long, OwnedExtent> owned = new TreeMap<>();
  private final Map<Long, PageContents> contents = new HashMap<>();

  /**
   * @param pages installed memory in pages
   * @param hypervisorPages pages {@code [0, hypervisorPages)} the hypervisor owns from the start
   */
  public HostMemory(long pages, long hypervisorPages) {
    if (pages <= 0) {
      throw new IllegalArgumentException("host memory must have pages, was " + pages);
    }
    if (hypervisorPages < 0 || hypervisorPages > pages) {
      throw new IllegalArgumentException(
          "hypervisor pages must be in [0, " + pages + "], was " + hypervisorPages);
    }
    this.pages = pages;
    if (hypervisorPages > 0) {
      owned.put(0L, new OwnedExtent(0, hypervisorPages, Owner.HYPERVISOR));
    }
    if (hypervisorPages < pages) {
      free.add(hypervisorPages, pages - hypervisorPages);
    }
  }

  public static long pageOf(long address) {
    return address >>> PAGE_SHIFT;
  }

  public static long offsetOf(long address) {
    return address & (PAGE_SIZE - 1);
  }

  /** Installed pages; page numbers run from 0 to {@code pages() - 1}. */
  public long pages() {
    return pages;
  }

  public long freePages() {
    return free.size();
  }

  public boolean exists(long page) {
    return page >= 0 && page < pages;
  }

  public Owner owner(long page) {
    checkPage(page);
    return OwnedExtent.ownerAt(owned, page);
  }

  public PageState page(long page) {
    return PageState.of(page, owner(page), contents.getOrDefault(page, PageContents.NEVER_WRITTEN));
  }

  /**
   * Gives the lowest {@code count} free pages to {@code owner}. They need not be contiguous: the
   * runs come back lowest first.
   */
  public List<PageRun> allocate(Owner owner, long count) {
    if (owner.isFree()) {
      throw new IllegalArgumentException("cannot allocate pages to " + owner);
    }
    if (count > free.size()) {
      throw new IllegalStateException(
          "out of host memory: " + owner + " wants " + count + " pages, " + free.size() + " free");
    }
    List<PageRun> runs = free.takeLowest(count);
    for (PageRun run : runs) {
      assign(run.first(), run.end(), owner);
    }
    return runs;
  }

  /**
   * Returns owned pages to the free pool. Their write history stays: freed memory keeps its old
   * contents, and a stray DMA into a free page is still a write someone will inherit.
   */
  public void free(PageRun run) {
    checkPage(run.end() - 1);
    for (long p = run.first(); p < run.end(); p = extentEnd(p)) {
      if (owner(p).isFree()) {
        throw new IllegalArgumentException("page " + p + " is already free");
      }
    }
    assign(run.first(), run.end(), Owner.FREE);
    free.add(run.first(), run.pages());
  }

  /** The runs {@code owner} holds, lowest first. */
  public List<PageRun> runsOf(Owner owner) {
    List<PageRun> runs = new ArrayList<>();
    for (OwnedExtent e : owned.values()) {
      if (e.owner().equals(owner)) {
        runs.add(new PageRun(e.first(), e.end() - e.first()));
      }
    }
    return runs;
  }

  /** Records a write to {@code page} by {@code writer} (a device or a CPU) at {@code nowPs}. */
  public void write(long page, String writer, long nowPs) {
    checkPage(page);
    contents.put(page, contents.getOrDefault(page, PageContents.NEVER_WRITTEN).next(writer, nowPs));
  }

  public MemorySnapshot snapshot() {
    return new MemorySnapshot(pages, owned, contents);
  }

  /** Pages whose owner or write history changed since {@code before}, ascending. */
  public List<Long> changedSince(MemorySnapshot before) {
    return snapshot().changedPages(before);
  }

  private void checkPage(long page) {
    if (!exists(page)) {
      throw new IndexOutOfBoundsException("page " + page + " outside [0, " + pages + ")");
    }
  }

  /** The first page after {@code page} that may have a different owner. */
  private long extentEnd(long page) {
    Map.Entry<Long, OwnedExtent> e = owned.floorEntry(page);
    return e != null && page < e.getValue().end() ? e.getValue().end() : page + 1;
  }

  /** Sets the owner of {@code [first, end)}, splitting and merging extents as needed. */
  private void assign(long first, long end, Owner owner) {
    split(first);
    split(end);
    owned.subMap(first, end).clear();
    if (owner.isFree()) {
      return;
    }
    long from = first;
    long to = end;
    Map.Entry<Long, OwnedExtent> below = owned.lowerEntry(first);
    if (below != null
        && below.getValue().end() == first
        && below.getValue().owner().equals(owner)) {
      from = below.getKey();
    }
    OwnedExtent above = owned.get(end);
    if (above != null && above.owner().equals(owner)) {
      owned.remove(end);
      to = above.end();
    }
    owned.put(from, new OwnedExtent(from, to, owner));
  }

  /** Makes {@code page} the start of an extent if an extent straddles it. */
  private void split(long page) {
    Map.Entry<Long, OwnedExtent> e = owned.lowerEntry(page);
    if (e != null && e.getValue().end() > page) {
      OwnedExtent x = e.getValue();
      owned.put(x.first(), new OwnedExtent(x.first(), page, x.owner()));
      owned.put(page, new OwnedExtent(page, x.end(), x.owner()));
    }
  }
}
