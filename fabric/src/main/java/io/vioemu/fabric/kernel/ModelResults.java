package io.vioemu.fabric.kernel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a model derives from the entities' counters once a run is over: scalars ({@code
 * goodputBitsPerSec}), per-flow values ({@code goodputBitsPerSec} of flow 3) and time series (a
 * value per interval). Values are exact decimals: a value keeps the digits the model gave it (its
 * scale included), so every writer prints it the same way on every placement.
 */
public final class ModelResults {
  /** No results: the default of a model that derives none. */
  public static final ModelResults NONE = new Builder().build();

  private final SortedMap<String, BigDecimal> scalars;
  private final SortedMap<Integer, SortedMap<String, BigDecimal>> flows;
  private final SortedMap<String, Series> series;

  private ModelResults(Builder b) {
    this.scalars = Collections.unmodifiableSortedMap(new TreeMap<>(b.scalars));
    SortedMap<Integer, SortedMap<String, BigDecimal>> f = new TreeMap<>();
    b.flows.forEach((id, m) -> f.put(id, Collections.unmodifiableSortedMap(new TreeMap<>(m))));
    this.flows = Collections.unmodifiableSortedMap(f);
    this.series = Collections.unmodifiableSortedMap(new TreeMap<>(b.series));
  }

  /**
   * One time series: value {@code k} is over the interval {@code [k * intervalPs, (k + 1) *
   * intervalPs)} of the run.
   */
  public record Series(long intervalPs, List<BigDecimal> values) {
    public Series {
      if (intervalPs <= 0) {
        throw new IllegalArgumentException("a series interval must be > 0 ps, was " + intervalPs);
      }
      values = List.copyOf(values);
    }

    /** The start of interval {@code k}, in picoseconds. */
    public long startPs(int k) {
      return k * intervalPs;
    }
  }

  /** The model-wide values by name. */
  public SortedMap<String, BigDecimal> scalars() {
    return scalars;
  }

  /** Each flow's values by name, by flow id. */
  public SortedMap<Integer, SortedMap<String, BigDecimal>> flows() {
    return flows;
  }

  /** The time series by name ({@code goodputBitsPerSec}, {@code flow3.goodputBitsPerSec}). */
  public SortedMap<String, Series> series() {
    return series;
  }

  /**
   * The scalars and every flow's values under one name each, a flow's as {@code flow<id>.<name>}:
   * how metrics.json and metrics.csv list them, and how a {@code reference} names them ({@code
   * results.flow3.goodputBitsPerSec}).
   */
  public SortedMap<String, BigDecimal> named() {
    SortedMap<String, BigDecimal> out = new TreeMap<>(scalars);
    flows.forEach((id, m) -> m.forEach((k, v) -> out.put(flowName(id, k), v)));
    return Collections.unmodifiableSortedMap(out);
  }

  /** The name a value of flow {@code id} has among all the results. */
  public static String flowName(int id, String name) {
    return "flow" + id + "." + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelResults r
        && scalars.equals(r.scalars)
        && flows.equals(r.flows)
        && series.equals(r.series);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scalars, flows, series);
  }

  @Override
  public String toString() {
    return "results " + named() + ", series " + series.keySet();
  }

  /** Collects results as a model derives them; a name given twice keeps the last value. */
  public static final class Builder {
    private final SortedMap<String, BigDecimal> scalars = new TreeMap<>();
    private final SortedMap<Integer, SortedMap<String, BigDecimal>> flows = new TreeMap<>();
    private final SortedMap<String, Series> series = new TreeMap<>();

    public Builder scalar(String name, long value) {
      return scalar(name, BigDecimal.valueOf(value));
    }

    public Builder scalar(String name, BigDecimal value) {
      scalars.put(name, value);
      return this;
    }

    public Builder flow(int id, String name, long value) {
      flows.computeIfAbsent(id, k -> new TreeMap<>()).put(name, BigDecimal.valueOf(value));
      return this;
    }

    public Builder series(String name, long intervalPs, List<BigDecimal> values) {
      series.put(name, new Series(intervalPs, new ArrayList<>(values)));
      return this;
    }

    /** Every entry of {@code values}, with its name, as a scalar. */
    public Builder scalars(Map<String, BigDecimal> values) {
      scalars.putAll(values);
      return this;
    }

    public ModelResults build() {
      return new ModelResults(this);
    }
  }
}
