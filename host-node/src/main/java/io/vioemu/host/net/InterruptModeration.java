package io.vioemu.host.net;

/**
 * NIC interrupt moderation (coalescing and throttling). Coalescing: the NIC raises one interrupt
 * when {@code maxFrames} frames have landed or {@code maxDelayPs} after the first of them,
 * whichever comes first, and the driver then handles all of them; {@code maxFrames = 1} is an
 * interrupt per frame. Throttling (the interrupt throttle rate, ITR, of Intel's NICs): the
 * interrupt is held until at least the ITR interval has passed since the previous one; the interval
 * is fixed, or set by the driver after each poll ({@link AdaptiveItr}). Pure Java.
 */
public final class InterruptModeration {
  private final int maxFrames;
  private final long maxDelayPs;
  private final AdaptiveItr adaptive;
  private long itrPs;
  private int pending;
  private long generation;
  private long batchStartPs;
  private long armedAtPs = Long.MAX_VALUE;
  private long lastFirePs = Long.MIN_VALUE / 2;

  public InterruptModeration(int maxFrames, long maxDelayPs) {
    this(maxFrames, maxDelayPs, 0, null);
  }

  /**
   * @param itrPs the fixed ITR interval: the least time between two interrupts (0: none); ignored
   *     when {@code adaptive} sets it
   * @param adaptive the driver's adaptive ITR, or null for a fixed one
   */
  public InterruptModeration(int maxFrames, long maxDelayPs, long itrPs, AdaptiveItr adaptive) {
    if (maxFrames < 1) {
      throw new IllegalArgumentException("rxCoalesceFrames must be >= 1, was " + maxFrames);
    }
    if (maxDelayPs < 0 || (maxFrames > 1 && maxDelayPs == 0)) {
      throw new IllegalArgumentException(
          "rxCoalescePs must be > 0 when frames are coalesced (else a lone frame waits forever),"
              + " was "
              + maxDelayPs);
    }
    if (itrPs < 0) {
      throw new IllegalArgumentException("rxItrPs must be >= 0, was " + itrPs);
    }
    this.maxFrames = maxFrames;
    this.maxDelayPs = maxDelayPs;
    this.adaptive = adaptive;
    this.itrPs = adaptive != null ? adaptive.intervalPs() : itrPs;
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

  /**
   * {@code frames} frames count toward the next interrupt at {@code nowPs}: frames that landed, or,
   * at the driver's unmask, frames that landed after its last look at the ring. Returns when the
   * interrupt is due: {@code nowPs} to fire it now; a later time to arm a timer for, tagged with
   * {@link #generation()} (the count and the throttle both allow it no sooner); {@link
   * Long#MAX_VALUE} when a timer already armed covers it.
   */
  public long onFrames(int frames, long nowPs) {
    if (pending == 0) {
      batchStartPs = nowPs;
    }
    pending += frames;
    long due = pending >= maxFrames ? nowPs : batchStartPs + maxDelayPs;
    due = Math.max(due, lastFirePs + itrPs);
    if (due <= nowPs) {
      return nowPs;
    }
    if (due < armedAtPs) {
      armedAtPs = due;
      return due;
    }
    return Long.MAX_VALUE;
  }

  public long maxDelayPs() {
    return maxDelayPs;
  }

  /** The current ITR interval (0: no throttle). */
  public long itrPs() {
    return itrPs;
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
    armedAtPs = Long.MAX_VALUE;
    return n;
  }

  /** The interrupt fires at {@code nowPs}, from which the throttle counts: returns its frames. */
  public int fire(long nowPs) {
    lastFirePs = nowPs;
    return fire();
  }

  /**
   * The driver finished its poll, having taken {@code packets} packets of {@code bytes} since it
   * last did: an adaptive ITR sets the next interval from them.
   */
  public void pollDone(long packets, long bytes) {
    if (adaptive != null) {
      itrPs = adaptive.update(packets, bytes);
    }
  }

  public int pending() {
    return pending;
  }
}
