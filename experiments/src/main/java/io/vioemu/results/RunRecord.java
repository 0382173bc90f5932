package io.vioemu.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything metrics.json, metrics.csv and timeseries.csv hold: the experiment, its parameters and
 * every point's outcome. Only what the model computed: identical for any number of JVMs.
 *
 * @param experiment the experiment's name
 * @param model the model's name
 * @param seed the run's seed (a sweep's points have their own)
 * @param endPs the simulated end time
 * @param params the parameters as given; for a sweep, with the swept ones too
 * @param sweep the sweep's shape, or null for a single run
 * @param points the points in order: one for a single run
 */
public record RunRecord(
    String experiment,
    String model,
    long seed,
    long endPs,
    Map<String, String> params,
    Shape sweep,
    List<PointResult> points) {

  public RunRecord {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    points = List.copyOf(points);
  }

  /**
   * A sweep's shape.
   *
   * @param mode cartesian or zipped
   * @param names the swept parameters, in order
   * @param repetitions runs of each combination
   */
  public record Shape(String mode, List<String> names, int repetitions) {
    public Shape {
      names = List.copyOf(names);
    }
  }

  public boolean isSweep() {
    return sweep != null;
  }
}
