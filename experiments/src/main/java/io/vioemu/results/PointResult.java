package io.vioemu.results;

import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.runtime.RunResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What one run measured: a single run, or one point of a sweep.
 *
 * @param index the sweep index (0 for a single run)
 * @param swept the swept parameters' values, in the sweep's order (empty for a single run)
 * @param seed the run's seed
 * @param events the events the run executed
 * @param checksumHex the run's checksum, in hex
 * @param entities each entity's end-of-run counters, by entity id
 * @param results what the model derived from them
 */
public record PointResult(
    int index,
    Map<String, String> swept,
    long seed,
    long events,
    String checksumHex,
    List<SortedMap<String, Long>> entities,
    ModelResults results) {

  public PointResult {
    swept = Collections.unmodifiableMap(new LinkedHashMap<>(swept));
    entities = List.copyOf(entities);
  }

  /** The outcome of run {@code r} at sweep point {@code index}. */
  public static PointResult of(
      int index, Map<String, String> swept, long seed, RunResult r, ModelResults results) {
    return new PointResult(
        index, swept, seed, r.events(), r.checksumHex(), r.entityMetrics(), results);
  }
}
