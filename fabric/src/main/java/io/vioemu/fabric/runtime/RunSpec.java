package io.vioemu.fabric.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * What to run: a model with its parameters, a seed, an end time and the number of partitions (one
 * per JVM).
 */
public record RunSpec(
    String runId, String model, Map<String, String> params, long seed, long endPs, int partitions) {
  public RunSpec {
    params = new TreeMap<>(params);
    if (endPs <= 0) {
      throw new IllegalArgumentException("end time must be > 0 ps, was " + endPs);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
  }
}
