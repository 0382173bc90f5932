package io.vioemu.fabric.kernel;

import org.HdrHistogram.Histogram;

/**
 * What a partition's window exchanges cost: how long it waited at each barrier (from sending its
 * last batch to having every peer's), and what it sent. Written by the partition's thread only;
 * read once the run is over. Wall-clock figures for benchmarks, never part of a run's results.
 */
public final class BarrierStats {
  private static final long MAX_TRACKED_NS = 60_000_000_000L;

  private final Histogram waitNs = new Histogram(MAX_TRACKED_NS, 2);
  private long batchesSent;
  private long eventsSent;
  private long bytesSent;

  void recordWait(long nanos) {
    waitNs.recordValue(Math.min(Math.max(nanos, 0), MAX_TRACKED_NS));
  }

  void recordSent(int events) {
    batchesSent++;
    eventsSent += events;
  }

  void recordBytesSent(long bytes) {
    bytesSent += bytes;
  }

  /** Bytes that crossed JVMs (batches between partitions of one JVM are not serialized). */
  public long bytesSent() {
    return bytesSent;
  }

  public long barriers() {
    return waitNs.getTotalCount();
  }

  public double meanWaitNs() {
    return waitNs.getTotalCount() == 0 ? 0 : waitNs.getMean();
  }

  public long waitPercentileNs(double percentile) {
    return waitNs.getValueAtPercentile(percentile);
  }

  public long batchesSent() {
    return batchesSent;
  }

  public long eventsSent() {
    return eventsSent;
  }

  /** Adds another partition's figures to these (for a JVM's or a run's totals). */
  public void add(BarrierStats other) {
    waitNs.add(other.waitNs);
    batchesSent += other.batchesSent;
    eventsSent += other.eventsSent;
    bytesSent += other.bytesSent;
  }
}
