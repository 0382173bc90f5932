package io.vioemu.runner;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a run's progress says, as pure functions of the simulated time reached, the wall time spent
 * and the sweep point: the plain progress lines, and the ETA that the progress bar shows too.
 *
 * <p>The ETA assumes the rest of the run goes at the pace so far: for a sweep, each point counts as
 * one {@code count}-th of the whole and a point's share done is its simulated time over its end.
 */
final class ProgressLines {
  private ProgressLines() {}

  /**
   * Where a run is within its sweep.
   *
   * @param index the point's position, from 0
   * @param count the points in the sweep (1 for a single run)
   * @param label the point's swept values, "" for a single run
   */
  record Point(int index, int count, String label) {
    static Point single() {
      return new Point(0, 1, "");
    }

    boolean inSweep() {
      return count > 1 || !label.isEmpty();
    }

    /** "point 3/18 messageBytes=128 io.iommu=off" */
    String name() {
      return "point " + (index + 1) + "/" + count + (label.isEmpty() ? "" : " " + label);
    }
  }

  /** The share of the whole run (all points) done, within [0, 1]. */
  static double fractionDone(Point p, long simPs, long endPs) {
    double inPoint = endPs <= 0 ? 1 : Math.max(0, Math.min(1, (double) simPs / endPs));
    return (p.index() + inPoint) / p.count();
  }

  /** Wall time still to go if the rest goes at the pace so far; empty before any progress. */
  static OptionalLong etaNanos(double fractionDone, long elapsedNanos) {
    if (fractionDone <= 0 || elapsedNanos < 0) {
      return OptionalLong.empty();
    }
    if (fractionDone >= 1) {
      return OptionalLong.of(0);
    }
    return OptionalLong.of(Math.round(elapsedNanos * (1 - fractionDone) / fractionDone));
  }

  /**
   * A line while a point runs: "point 3/18 messageBytes=128 io.iommu=off: simulated 1.25 ms of 5.00
   * ms (25%), 3.0 s wall, ETA 9.0 s" (no "point ..." prefix for a single run). The wall time and
   * the ETA are the whole run's; the percentage is the point's.
   */
  static String running(Point p, long simPs, long endPs, long elapsedNanos) {
    long percent = endPs <= 0 ? 100 : Math.max(0, Math.min(100, simPs * 100 / endPs));
    return (p.inSweep() ? p.name() + ": " : "")
        + "simulated "
        + simTime(simPs, endPs)
        + " of "
        + simTime(endPs, endPs)
        + " ("
        + percent
        + "%), "
        + wallTime(elapsedNanos)
        + " wall, ETA "
        + eta(fractionDone(p, simPs, endPs), elapsedNanos);
  }

  /**
   * The line when a point is done: "point 3/18 messageBytes=128 io.iommu=off: 0.12 s (2.5 s wall so
   * far, ETA 12.0 s)", or "(... wall in all)" after the last point.
   */
  static String pointDone(Point p, long pointNanos, long elapsedNanos) {
    String head =
        p.name()
            + String.format(Locale.ROOT, ": %.2f s (", pointNanos / 1e9)
            + wallTime(elapsedNanos)
            + " wall";
    if (p.index() + 1 >= p.count()) {
      return head + " in all)";
    }
    return head + " so far, ETA " + eta((p.index() + 1.0) / p.count(), elapsedNanos) + ")";
  }

  static String eta(double fractionDone, long elapsedNanos) {
    OptionalLong eta = etaNanos(fractionDone, elapsedNanos);
    return eta.isPresent() ? wallTime(eta.getAsLong()) : "?";
  }

  /** Wall time: "3.0 s", "2 min 05 s", "1 h 07 min". */
  static String wallTime(long nanos) {
    long seconds = Math.max(0, nanos) / 1_000_000_000L;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", Math.max(0, nanos) / 1e9);
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }

  /** A simulated time in the unit of {@code endPs}, with three significant digits of it. */
  static String simTime(long ps, long endPs) {
    Unit u = Unit.of(endPs);
    double end = (double) endPs / u.ps;
    int decimals = end >= 100 ? 0 : end >= 10 ? 1 : 2;
    return String.format(Locale.ROOT, "%." + decimals + "f %s", (double) ps / u.ps, u.symbol);
  }

  /** Display units of simulated time; the largest that keeps the end time at 1 or more. */
  enum Unit {
    S(1_000_000_000_000L, "s"),
    MS(1_000_000_000L, "ms"),
    US(1_000_000L, "us"),
    NS(1_000L, "ns"),
    PS(1L, "ps");

    final long ps;
    final String symbol;

    Unit(long ps, String symbol) {
      this.ps = ps;
      this.symbol = symbol;
    }

    static Unit of(long endPs) {
      for (Unit u : values()) {
        if (endPs >= u.ps) {
          return u;
        }
      }
      return PS;
    }
  }
}
