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
  /** Yield when the JVM has a core for every partition, back off when they share cores. */
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
    BarrierIdle chosen = this;
    if (this == AUTO) {
      chosen = localPartitions <= Runtime.getRuntime().availableProcessors() ? YIELD : BACKOFF;
    }
    return switch (chosen) {
      case SPIN -> new BusySpinIdleStrategy();
      case YIELD -> new YieldingIdleStrategy();
      default -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NS);
    };
  }
}
