package io.vioemu.guest.migration;

import java.util.SplittableRandom;

/**
 * The pages a running VM touches, one access at a time at an even rate: access {@code k} of a run
 * that began at {@code t0} happens at {@code t0 + ceil(k * 1e12 / accessesPerSec)} ps, to a page
 * drawn uniformly from {@code [firstPage, firstPage + pages)}. Post-copy needs each access's time,
 * because the first one to a page that has not arrived stops the VM.
 */
final class WorkingSet {
  private static final long PS_PER_SEC = 1_000_000_000_000L;

  private final int firstPage;
  private final int pages;
  private final long accessesPerSec;
  private final SplittableRandom random;
  private long runStartPs;
  private long accessesInRun;

  WorkingSet(int firstPage, int pages, long accessesPerSec, SplittableRandom random) {
    this.firstPage = firstPage;
    this.pages = pages;
    this.accessesPerSec = accessesPerSec;
    this.random = random;
  }

  /** The VM (re)starts at {@code nowPs}: accesses are evenly spaced from here. */
  void runFrom(long nowPs) {
    runStartPs = nowPs;
    accessesInRun = 0;
  }

  /** When the next access happens; {@link Long#MAX_VALUE} if the VM touches nothing. */
  long nextAccessPs() {
    if (pages == 0 || accessesPerSec == 0) {
      return Long.MAX_VALUE;
    }
    return runStartPs + RateLimit.ceilMulDiv(accessesInRun + 1, PS_PER_SEC, accessesPerSec);
  }

  /** Makes the next access; returns its page. */
  int access() {
    accessesInRun++;
    return firstPage + random.nextInt(pages);
  }
}
