package io.vioemu.fabric.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * How long each partition warms up before a run ({@code vioemu.runtime.warm-up}): a fixed wall
 * time, none, or {@code auto}: {@link #AUTO_MS} ms when the run has more than one partition (where
 * a compile pause on one JVM holds up every partition), none for a run on one partition (which
 * waits for nobody, so compiling inside the run costs it no more than before it).
 *
 * @param fixedNs the fixed budget, or -1 for auto
 */
public record WarmUp(long fixedNs) {
  /** The default: {@code auto}. */
  public static final WarmUp AUTO = new WarmUp(-1);

  static final long AUTO_MS = 500;

  /** {@code auto}, {@code off}, or a duration ({@code 300ms}, {@code 1s}) at {@code path}. */
  public static WarmUp fromConfig(Config config, String path) {
    String v = config.getString(path).trim();
    if (v.equals("auto")) {
      return new WarmUp(-1);
    }
    if (v.equals("off")) {
      return new WarmUp(0);
    }
    try {
      return new WarmUp(config.getDuration(path).toNanos());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          path + " must be auto, off or a duration such as 500ms, not '" + v + "'");
    }
  }

  /** The budget for each partition of a run with {@code partitions} partitions. */
  public long nanosFor(int partitions) {
    if (fixedNs >= 0) {
      return fixedNs;
    }
    return partitions > 1 ? AUTO_MS * 1_000_000 : 0;
  }
}
