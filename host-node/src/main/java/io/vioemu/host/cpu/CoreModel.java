package io.vioemu.host.cpu;

/**
 * One core at a fixed clock. Work runs to completion in submission order (a run queue without
 * preemption); the caller learns when each item finishes and schedules its consequences then. Pure
 * Java: time is an argument.
 */
public final class CoreModel {
  private static final long PS_PER_SECOND = 1_000_000_000_000L;

  private final long clockHz;
  private final long[] busyPs = new long[Component.values().length];
  private long busyUntilPs;
  private BusyListener listener;

  /** Told of every stretch of work when it is scheduled, for accounting over time windows. */
  public interface BusyListener {
    /** The core will run from {@code startPs} to {@code endPs} (equal for work of 0 cycles). */
    void onBusy(long startPs, long endPs);
  }

  public CoreModel(long clockHz) {
    if (clockHz <= 0) {
      throw new IllegalArgumentException("clock must be > 0 Hz, was " + clockHz);
    }
    this.clockHz = clockHz;
  }

  /** Time {@code cycles} take on this core, rounded up to a whole picosecond. */
  public long cyclesToPs(long cycles) {
    return (Math.multiplyExact(cycles, PS_PER_SECOND) + clockHz - 1) / clockHz;
  }

  /**
   * Runs {@code cycles} of {@code component} after everything submitted before.
   *
   * @return when it completes
   */
  public long run(long cycles, Component component, long nowPs) {
    if (cycles < 0) {
      throw new IllegalArgumentException("cycles must be >= 0, was " + cycles);
    }
    long durationPs = cyclesToPs(cycles);
    long startPs = Math.max(nowPs, busyUntilPs);
    busyUntilPs = startPs + durationPs;
    busyPs[component.ordinal()] += durationPs;
    if (listener != null) {
      listener.onBusy(startPs, busyUntilPs);
    }
    return busyUntilPs;
  }

  /** Sets the one listener of this core (null for none); it sees only work submitted later. */
  public void listen(BusyListener listener) {
    this.listener = listener;
  }

  /** When everything submitted so far is done. */
  public long busyUntilPs() {
    return busyUntilPs;
  }

  public long busyPs(Component component) {
    return busyPs[component.ordinal()];
  }

  public long totalBusyPs() {
    long sum = 0;
    for (long b : busyPs) {
      sum += b;
    }
    return sum;
  }
}
