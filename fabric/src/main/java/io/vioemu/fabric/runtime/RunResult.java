package io.vioemu.fabric.runtime;

/**
 * What a run produced. {@code checksum} folds every entity's processed-event hash in entity id
 * order, so it is the same for any placement; the wall times are the runner's measurements.
 *
 * @param entityMetrics each entity's end-of-run counters, by entity id
 * @param events events processed, all partitions
 * @param windows synchronization windows executed
 * @param checksum hash over the processed event sequence of every entity
 * @param setupNanos wall time from the request to every partition being ready
 * @param runNanos wall time from the start signal to the last result
 * @param partitions partitions (JVMs) the run used
 */
public record RunResult(
    java.util.List<java.util.SortedMap<String, Long>> entityMetrics,
    long events,
    long windows,
    long checksum,
    long setupNanos,
    long runNanos,
    int partitions) {

  public String checksumHex() {
    return String.format("%016x", checksum);
  }
}
