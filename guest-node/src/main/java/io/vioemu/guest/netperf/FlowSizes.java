package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelParameterException;
import java.util.SplittableRandom;

/**
 * Finite flows' sizes: one size for every flow, or a size distribution given by its CDF as a table
 * of points (sizeBytes, cumulativeProbability), as the DCTCP and pFabric papers give their
 * web-search and data-mining workloads. A draw takes a uniform u in [0, 1): below the first point's
 * probability it is the first size (the table's smallest flows are a point mass there), else the
 * size is interpolated linearly between the two points whose probabilities enclose u; rounded to
 * whole bytes, at least 1.
 */
final class FlowSizes {
  private final long[] sizes;
  private final double[] probabilities;

  private FlowSizes(long[] sizes, double[] probabilities) {
    this.sizes = sizes;
    this.probabilities = probabilities;
  }

  /** Every flow carries {@code sizeBytes}. */
  static FlowSizes fixed(long sizeBytes) {
    return new FlowSizes(new long[] {sizeBytes}, new double[] {1.0});
  }

  /**
   * The CDF written {@code size:probability,size:probability,...}: sizes whole bytes > 0 and
   * strictly increasing, probabilities within [0, 1], never decreasing, the last exactly 1.
   *
   * @param name the parameter, which errors name
   */
  static FlowSizes cdf(String name, String table) {
    String[] rows = table.split(",");
    long[] sizes = new long[rows.length];
    double[] probabilities = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i].trim();
      String[] cells = row.split(":");
      String where = name + " row " + (i + 1) + " (" + row + ")";
      if (cells.length != 2) {
        throw new ModelParameterException(
            name, where + ": expected sizeBytes:cumulativeProbability");
      }
      try {
        sizes[i] = Long.parseLong(cells[0].trim().replace("_", ""));
        probabilities[i] = Double.parseDouble(cells[1].trim());
      } catch (NumberFormatException e) {
        throw new ModelParameterException(
            name, where + ": expected a whole number of bytes and a probability");
      }
      check(name, where, sizes, probabilities, i);
    }
    if (probabilities[rows.length - 1] != 1.0) {
      throw new ModelParameterException(
          name,
          name
              + ": the last row's cumulative probability must be 1, was "
              + probabilities[rows.length - 1]);
    }
    return new FlowSizes(sizes, probabilities);
  }

  private static void check(
      String name, String where, long[] sizes, double[] probabilities, int i) {
    if (sizes[i] <= 0) {
      throw new ModelParameterException(name, where + ": a size must be > 0 bytes");
    }
    if (!(probabilities[i] >= 0 && probabilities[i] <= 1)) {
      throw new ModelParameterException(name, where + ": a probability must be within 0..1");
    }
    if (i > 0 && sizes[i] <= sizes[i - 1]) {
      throw new ModelParameterException(
          name, where + ": sizes must increase, row " + i + " has " + sizes[i - 1]);
    }
    if (i > 0 && probabilities[i] < probabilities[i - 1]) {
      throw new ModelParameterException(
          name,
          where
              + ": cumulative probabilities must not decrease, row "
              + i
              + " has "
              + probabilities[i - 1]);
    }
  }

  /** One size, drawn with {@code random}. */
  long draw(SplittableRandom random) {
    if (sizes.length == 1) {
      return sizes[0];
    }
    return sizeAt(random.nextDouble());
  }

  /** The size at probability {@code u} (the inverse of the CDF, linear between points). */
  long sizeAt(double u) {
    if (u <= probabilities[0]) {
      return sizes[0];
    }
    for (int i = 1; i < sizes.length; i++) {
      if (u <= probabilities[i]) {
        double f = (u - probabilities[i - 1]) / (probabilities[i] - probabilities[i - 1]);
        long s = sizes[i - 1] + Math.round(f * (sizes[i] - sizes[i - 1]));
        return Math.max(1, s);
      }
    }
    return sizes[sizes.length - 1];
  }

  /** The mean size: the first point's mass at its size, then each segment's midpoint. */
  double meanBytes() {
    double mean = probabilities[0] * sizes[0];
    for (int i = 1; i < sizes.length; i++) {
      mean += (probabilities[i] - probabilities[i - 1]) * (sizes[i - 1] + sizes[i]) / 2.0;
    }
    return mean;
  }

  /** The probability that a drawn size is at most {@code sizeBytes} (the table's CDF). */
  double cdfAt(long sizeBytes) {
    if (sizeBytes < sizes[0]) {
      return 0;
    }
    for (int i = 1; i < sizes.length; i++) {
      if (sizeBytes < sizes[i]) {
        double f = (double) (sizeBytes - sizes[i - 1]) / (sizes[i] - sizes[i - 1]);
        return probabilities[i - 1] + f * (probabilities[i] - probabilities[i - 1]);
      }
    }
    return 1;
  }
}
