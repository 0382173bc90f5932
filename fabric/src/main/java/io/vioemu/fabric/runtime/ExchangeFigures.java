package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.BarrierStats;
import java.util.List;

/**
 * What a run's window exchanges cost in wall-clock time, for benchmarks; never part of its results.
 *
 * @param barriers barriers waited at, summed over partitions
 * @param meanWaitNs mean wait per barrier
 * @param p50WaitNs the largest partition median of the wait
 * @param p99WaitNs the largest partition 99th percentile of the wait
 * @param batchesSent window batches sent between partitions
 * @param eventsSent events those batches carried
 * @param bytesSent bytes sent between JVMs
 * @param rejected datagrams dropped unapplied on the fabric stream (forged, stale, replayed)
 */
public record ExchangeFigures(
    long barriers,
    double meanWaitNs,
    long p50WaitNs,
    long p99WaitNs,
    long batchesSent,
    long eventsSent,
    long bytesSent,
    RejectedDatagrams rejected) {

  public static final ExchangeFigures NONE =
      new ExchangeFigures(0, 0, 0, 0, 0, 0, 0, RejectedDatagrams.NONE);

  static ExchangeFigures of(BarrierStats s, RejectedDatagrams rejected) {
    return new ExchangeFigures(
        s.barriers(),
        s.meanWaitNs(),
        s.waitPercentileNs(50),
        s.waitPercentileNs(99),
        s.batchesSent(),
        s.eventsSent(),
        s.bytesSent(),
        rejected);
  }

  /** Every partition's figures in one: sums, a barrier-weighted mean, the worst percentiles. */
  public static ExchangeFigures combine(List<ExchangeFigures> all) {
    long barriers = 0;
    double waitNs = 0;
    long p50 = 0;
    long p99 = 0;
    long batches = 0;
    long events = 0;
    long bytes = 0;
    RejectedDatagrams rejected = RejectedDatagrams.NONE;
    for (ExchangeFigures f : all) {
      barriers += f.barriers;
      waitNs += f.meanWaitNs * f.barriers;
      p50 = Math.max(p50, f.p50WaitNs);
      p99 = Math.max(p99, f.p99WaitNs);
      batches += f.batchesSent;
      events += f.eventsSent;
      bytes += f.bytesSent;
      rejected = rejected.plus(f.rejected);
    }
    return new ExchangeFigures(
        barriers,
        barriers == 0 ? 0 : waitNs / barriers,
        p50,
        p99,
        batches,
        events,
        bytes,
        rejected);
  }
}
