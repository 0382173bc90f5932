package io.vioemu.report;

/**
 * The unit a metric is plotted in, from its name's suffix (the project names units in names):
 * {@code goodputBitsPerSec} in Gb/s, {@code ...Ps} in microseconds.
 *
 * @param divisor what a raw value is divided by
 * @param unit the unit's name, or empty
 */
record MetricUnit(double divisor, String unit) {

  static MetricUnit of(String metric) {
    if (metric.endsWith("BitsPerSec")) {
      return new MetricUnit(1e9, "Gb/s");
    }
    if (metric.endsWith("Ps")) {
      return new MetricUnit(1e6, "\u00b5s");
    }
    if (metric.startsWith("cpuUtilization")) {
      return new MetricUnit(1, "fraction of the cores");
    }
    if (metric.startsWith("cyclesPerByte")) {
      return new MetricUnit(1, "cycles/byte");
    }
    if (metric.endsWith("PerSec")) {
      return new MetricUnit(1, "per second");
    }
    if (metric.endsWith("Bytes")) {
      return new MetricUnit(1, "bytes");
    }
    return new MetricUnit(1, "");
  }

  /** {@code goodputBitsPerSec (Gb/s)}. */
  String label(String metric) {
    return unit.isEmpty() ? metric : metric + " (" + unit + ")";
  }

  double scale(double raw) {
    return raw / divisor;
  }
}
