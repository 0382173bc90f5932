package io.vioemu.results;

import io.vioemu.report.ParamValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One measured point: a single run, or one point of a sweep.
 *
 * @param index the sweep index (0 for a single run)
 * @param label how the report names it: the swept values ({@code io.model=xen}), or {@code run}
 * @param seed the point's seed, as written
 * @param swept the swept parameters' values (empty for a single run)
 * @param params every parameter the run was given, swept ones included, as written
 * @param results the model's derived results, values as written (numbers or strings)
 * @param entities each entity's counters by entity id
 */
public record RunPoint(
    int index,
    String label,
    String seed,
    Map<String, String> swept,
    Map<String, String> params,
    Map<String, String> results,
    Map<String, Map<String, String>> entities) {

  public RunPoint {
    swept = ordered(swept);
    params = ordered(params);
    results = ordered(results);
    entities = ordered(entities);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The value of {@code results.<key>} or {@code entities.<id>.<key>}, if the point has it. */
  public Optional<String> metric(String name) {
    if (name.startsWith("results.")) {
      return Optional.ofNullable(results.get(name.substring("results.".length())));
    }
    if (name.startsWith("entities.")) {
      String rest = name.substring("entities.".length());
      int dot = rest.indexOf('.');
      if (dot > 0) {
        Map<String, String> counters = entities.get(rest.substring(0, dot));
        return Optional.ofNullable(counters == null ? null : counters.get(rest.substring(dot + 1)));
      }
    }
    return Optional.empty();
  }

  /** The parameter's value in canonical form, if the point has the parameter. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name)).map(ParamValues::normalize);
  }
}
