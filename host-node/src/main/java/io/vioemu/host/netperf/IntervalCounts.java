package io.vioemu.host.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import java.util.Arrays;

/**
 * A count per time interval {@code [k * intervalPs, (k + 1) * intervalPs)}, growing as time goes
 * on. Reported as one metric per interval that counted anything, named by its index {@code k}.
 */
public final class IntervalCounts {
  private final long intervalPs;
  private long[] counts = new long[16];

  public IntervalCounts(long intervalPs) {
    if (intervalPs <= 0) {
      throw new IllegalArgumentException("interval must be > 0 ps, was " + intervalPs);
    }
    this.intervalPs = intervalPs;
  }

  public void add(long atPs, long amount) {
    add(Math.toIntExact(atPs / intervalPs), amount);
  }

  /** Adds to interval {@code k} itself. */
  public void add(int k, long amount) {
    if (k >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(k + 1, 2 * counts.length));
    }
    counts[k] += amount;
  }

  /** {@code prefix + k} for every interval whose count is not 0. */
  public void report(String prefix, MetricSink sink) {
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] != 0) {
        sink.put(prefix + k, counts[k]);
      }
    }
  }
}
