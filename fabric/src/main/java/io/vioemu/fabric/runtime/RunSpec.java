package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.PlacementStrategy;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to run: a model with its parameters, a seed, an end time, the number of partitions (one per
 * JVM) and how entities are spread over them. The placement changes speed, never results.
 */
public record RunSpec(
    String runId,
    String model,
    Map<String, String> params,
    long seed,
    long endPs,
    int partitions,
    PlacementStrategy placement) {
  public RunSpec {
    params = new TreeMap<>(params);
    Objects.requireNonNull(placement, "placement");
    if (endPs <= 0) {
      throw new IllegalArgumentException("end time must be > 0 ps, was " + endPs);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
  }

  /** A run with the {@link PlacementStrategy#CONTIGUOUS} placement. */
  public RunSpec(
      String runId,
      String model,
      Map<String, String> params,
      long seed,
      long endPs,
      int partitions) {
    this(runId, model, params, seed, endPs, partitions, PlacementStrategy.CONTIGUOUS);
  }

  /** The same run under another id. */
  public RunSpec withRunId(String id) {
    return new RunSpec(id, model, params, seed, endPs, partitions, placement);
  }
}
