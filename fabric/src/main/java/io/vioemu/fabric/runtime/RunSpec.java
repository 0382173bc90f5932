package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.PlacementStrategy;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to run: a model with its parameters, a seed, an end time, how many JVMs, how many partitions
 * each JVM runs, how many threads run each partition's entities (load-adaptively), and how entities
 * are spread over the partitions. None of these change results, only speed.
 */
public record RunSpec(
    String runId,
    String model,
    Map<String, String> params,
    long seed,
    long endPs,
    int jvms,
    int partitionsPerJvm,
    int workersPerPartition,
    PlacementStrategy placement) {
  public RunSpec {
    params = new TreeMap<>(params);
    Objects.requireNonNull(placement, "placement");
    if (endPs <= 0) {
      throw new IllegalArgumentException("end time must be > 0 ps, was " + endPs);
    }
    if (jvms < 1) {
      throw new IllegalArgumentException("JVMs must be >= 1, was " + jvms);
    }
    if (workersPerPartition < 1) {
      throw new IllegalArgumentException(
          "workers per partition must be >= 1, was " + workersPerPartition);
    }
    if (partitionsPerJvm < 1) {
      throw new IllegalArgumentException(
          "partitions per JVM must be >= 1, was " + partitionsPerJvm);
    }
  }

  /** One partition per JVM. */
  public RunSpec(
      String runId,
      String model,
      Map<String, String> params,
      long seed,
      long endPs,
      int jvms,
      PlacementStrategy placement) {
    this(runId, model, params, seed, endPs, jvms, 1, 1, placement);
  }

  /** One partition per JVM, {@link PlacementStrategy#CONTIGUOUS}. */
  public RunSpec(
      String runId, String model, Map<String, String> params, long seed, long endPs, int jvms) {
    this(runId, model, params, seed, endPs, jvms, 1, 1, PlacementStrategy.CONTIGUOUS);
  }

  /** Partitions in all: JVMs times partitions per JVM. */
  public int partitions() {
    return jvms * partitionsPerJvm;
  }

  /** The same run under another id. */
  public RunSpec withRunId(String id) {
    return new RunSpec(
        id, model, params, seed, endPs, jvms, partitionsPerJvm, workersPerPartition, placement);
  }
}
