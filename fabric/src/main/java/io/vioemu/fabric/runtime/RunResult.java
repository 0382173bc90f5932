package io.vioemu.fabric.runtime;

import java.util.List;
import java.util.SortedMap;

/**
 * What a run produced. {@code checksum} folds every entity's processed-event hash in entity id
 * order, so it is the same for any placement; the wall times and exchange figures are the runner's
 * measurements.
 *
 * @param entityMetrics each entity's end-of-run counters, by entity id
 * @param events events processed, all partitions
 * @param windows synchronization windows executed (depends on where the partitions are cut)
 * @param checksum hash over the processed event sequence of every entity
 * @param setupNanos wall time from the request to every partition being ready
 * @param runNanos wall time from the start signal to the last result
 * @param partitions partitions (threads) the run used, in all
 * @param jvms JVMs the partitions ran on
 * @param exchange what the window exchanges cost
 */
public record RunResult(
    List<SortedMap<String, Long>> entityMetrics,
    long events,
    long windows,
    long checksum,
    long setupNanos,
    long runNanos,
    int partitions,
    int jvms,
    ExchangeFigures exchange) {

  public String checksumHex() {
    return String.format("%016x", checksum);
  }
}
