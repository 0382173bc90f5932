package io.vioemu.fabric.runtime;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a partition's thread waits at a window barrier ({@code vioemu.runtime.barrier-idle}).
 * Spinning and yielding answer a peer's batch within a microsecond or two but hold a core; a
 * backoff parks, so partitions that share cores with each other (or with Aeron's threads) let them
 * run, at the cost of the park's latency (tens of microseconds on Linux).
 */
public enum BarrierIdle {
  /**
   * Spin, then yield, then park: long spin and yield phases (a few milliseconds) when the JVM has a
   * core for every partition thread, since each park costs its wake-up (50-100 us on Linux) on the
   * critical path of every partition; short ones when threads share cores. A batch from a partition
   * of the same JVM unparks its peer at once. Parking is the fallback that keeps a descheduled
   * peer, the JIT or Aeron's threads from being starved by a waiting partition, which pure spinning
   * or yielding did on a loaded 2-core machine (barrier p99 of 4-16 ms against 2.7 ms with
   * backoff).
   */
  AUTO,
  SPIN,
  YIELD,
  BACKOFF;

  private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

  /** Parses the configuration value (case-insensitive). */
  public static BarrierIdle fromConfig(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "vioemu.runtime.barrier-idle must be auto, spin, yield or backoff, was '" + value + "'");
    }
  }

  /** A fresh strategy for one of {@code localPartitions} partitions (strategies are stateful). */
  public IdleStrategy newStrategy(int localPartitions) {
    return switch (this) {
      case SPIN -> new BusySpinIdleStrategy();
      case YIELD -> new YieldingIdleStrategy();
      case BACKOFF -> backoff(100, 10);
      case AUTO ->
          localPartitions <= Runtime.getRuntime().availableProcessors()
              ? backoff(10_000, 5_000)
              : backoff(100, 10);
    };
  }

  private static IdleStrategy backoff(int spins, int yields) {
    return new BackoffIdleStrategy(spins, yields, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NS);
  }
}
