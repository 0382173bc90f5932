package io.vioemu.fabric.kernel;

/**
 * Where an entity reports its counters at the end of a run. Values are integers (counts, bytes,
 * picoseconds) so that results are exact and identical on every placement; rates and ratios are
 * derived when results are written.
 */
public interface MetricSink {
  void put(String name, long value);
}
