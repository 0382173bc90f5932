package io.vioemu.guest.migration;

import java.util.SplittableRandom;

/**
 * The guest's own writes to memory: a writable working set of hot pages (pages {@code [first, first
 * + workingSetPages)}), rewritten at {@code writesPerSec}, each write to a page drawn uniformly
 * from the set. Time advances in whole picoseconds and the fractional write carries over, so the
 * count of writes in any interval is exact whatever the intervals are.
 */
public final class DirtyingProcess {
  private static final long NS_PER_SEC = 1_000_000_000L;

  /** A page rewritten faster than once a nanosecond is beyond any memory system. */
  public static final long MAX_WRITES_PER_SEC = NS_PER_SEC;

  /*
   * Beyond this many writes per page of the set in one step every page is taken as written: the
   * chance that one page escapes 16 uniform writes per page is e^-16, about 1e-7, and the loop
   * stays bounded for any rate.
   */
  private static final long SATURATION_WRITES_PER_PAGE = 16;

  private final int firstPage;
  private final int workingSetPages;
  private final long writesPerSec;
  private final SplittableRandom random;
  private long carryWrites;
  private long carryPs;
  private long atPs;

  /**
   * @param random the VM's seeded stream: the same seed writes the same pages on any placement
   */
  public DirtyingProcess(
      int firstPage,
      int workingSetPages,
      long writesPerSec,
      long startPs,
      SplittableRandom random) {
    if (firstPage < 0
        || workingSetPages < 0
        || writesPerSec < 0
        || writesPerSec > MAX_WRITES_PER_SEC) {
      throw new IllegalArgumentException(
          "working set " + firstPage + "+" + workingSetPages + " at " + writesPerSec + "/s");
    }
    this.firstPage = firstPage;
    this.workingSetPages = workingSetPages;
    this.writesPerSec = writesPerSec;
    this.random = random;
    this.atPs = startPs;
  }

  /** Runs the writes of {@code (at, nowPs]} into {@code memory}; returns how many it made. */
  public long advanceTo(long nowPs, GuestMemory memory) {
    if (nowPs < atPs) {
      throw new IllegalArgumentException("dirtying went back from " + atPs + " to " + nowPs);
    }
    long writes = writesIn(nowPs - atPs);
    atPs = nowPs;
    if (workingSetPages == 0 || writes == 0) {
      return writes;
    }
    if (writes >= SATURATION_WRITES_PER_PAGE * workingSetPages) {
      for (int p = 0; p < workingSetPages; p++) {
        memory.cpuWrite(firstPage + p);
      }
      return writes;
    }
    for (long w = 0; w < writes; w++) {
      memory.cpuWrite(firstPage + random.nextInt(workingSetPages));
    }
    return writes;
  }

  /** Skips {@code (at, nowPs]} without writing: the VM is paused. */
  public void pauseUntil(long nowPs) {
    atPs = Math.max(atPs, nowPs);
  }

  /*
   * In whole nanoseconds (the sub-nanosecond rest carries over), so that writesPerSec times the
   * nanoseconds of a second stays below 2^63; the fraction of a write carries over too.
   */
  private long writesIn(long intervalPs) {
    long totalPs = intervalPs + carryPs;
    long ns = totalPs / 1000;
    carryPs = totalPs % 1000;
    long whole = writesPerSec * (ns / NS_PER_SEC);
    long part = writesPerSec * (ns % NS_PER_SEC) + carryWrites;
    carryWrites = part % NS_PER_SEC;
    return whole + part / NS_PER_SEC;
  }
}
