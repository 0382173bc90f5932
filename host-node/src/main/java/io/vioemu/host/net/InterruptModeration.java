package io.vioemu.host.net;

/**
 * NIC interrupt moderation (coalescing): the NIC raises one interrupt when {@code maxFrames} frames
 * have landed or {@code maxDelayPs} after the first of them, whichever comes first, and the driver
 * then handles all of them. {@code maxFrames = 1} is an interrupt per frame. Pure Java.
 */
public final class InterruptModeration {
  private final int maxFrames;
  private final long maxDelayPs;
  private int pending;
  private long generation;

  public InterruptModeration(int maxFrames, long maxDelayPs) {
    if (maxFrames < 1) {
      throw new IllegalArgumentException("rxCoalesceFrames must be >= 1, was " + maxFrames);
    }
    if (maxDelayPs < 0 || (maxFrames > 1 && maxDelayPs == 0)) {
      throw new IllegalArgumentException(
          "rxCoalescePs must be > 0 when frames are coalesced (else a lone frame waits forever),"
              + " was "
              + maxDelayPs);
    }
    this.maxFrames = maxFrames;
    this.maxDelayPs = maxDelayPs;
  }

  /** A frame landed. True if the interrupt fires now; see {@link #timerNeeded()} otherwise. */
  public boolean onFrame() {
    pending++;
    return pending >= maxFrames;
  }

  /** True right after the first frame of a batch landed without firing: arm the timer. */
  public boolean timerNeeded() {
    return pending == 1 && maxFrames > 1;
  }

  public long maxDelayPs() {
    return maxDelayPs;
  }

  /** Identifies the current batch, so that a timer armed for an earlier one is ignored. */
  public long generation() {
    return generation;
  }

  /** The interrupt fires: returns how many frames it covers. */
  public int fire() {
    int n = pending;
    pending = 0;
    generation++;
    return n;
  }

  public int pending() {
    return pending;
  }
}
