package io.vioemu.host.memory;

/** Consecutive page numbers {@code [first, first + pages)}. */
public record PageRun(long first, long pages) {

  public PageRun {
    if (first < 0) {
      throw new IllegalArgumentException("first page must be >= 0, was " + first);
    }
    if (pages <= 0) {
      throw new IllegalArgumentException("a run has at least one page, was " + pages);
    }
  }

  /** The page just past the run. */
  public long end() {
    return first + pages;
  }

  public boolean contains(long page) {
    return page >= first && page < end();
  }
}
