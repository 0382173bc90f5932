package io.vioemu.bench.phold;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PHOLD's parameters, validated once.
 *
 * @param lps logical processes (entities)
 * @param population events each LP holds at start
 * @param remote probability that an event goes to another LP, 0..1
 * @param lookaheadPs minimum delay of every event, the kernel's lookahead
 * @param meanPs mean of the exponential delay added to the lookahead; 0 = zero slack
 */
public record PholdSettings(int lps, int population, double remote, long lookaheadPs, long meanPs) {
  public PholdSettings {
    require(lps >= 2, "lps must be >= 2, was " + lps);
    require(population >= 1, "population must be >= 1, was " + population);
    require(remote >= 0 && remote <= 1, "remote must be within 0..1, was " + remote);
    require(lookaheadPs > 0, "lookahead must be > 0, was " + lookaheadPs + " ps");
    require(meanPs >= 0, "mean delay must be >= 0, was " + meanPs + " ps");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static final ParamSpec LPS =
      ParamSpec.integer("lps", 1024, 2, 1 << 24, "Logical processes (entities).");
  public static final ParamSpec POPULATION =
      ParamSpec.integer("population", 16, 1, 1 << 20, "Events each LP holds at start.");
  public static final ParamSpec REMOTE =
      ParamSpec.decimal("remote", 0.1, 0, 1, "Probability that an event goes to another LP.");
  public static final ParamSpec LOOKAHEAD_PS =
      ParamSpec.duration(
          "lookaheadPs", 1_000_000, 1, Long.MAX_VALUE / 4, "Minimum delay of every event.");
  public static final ParamSpec MEAN_PS =
      ParamSpec.duration(
              "meanPs",
              0,
              0,
              Long.MAX_VALUE / 4,
              "Mean of the exponential delay added to the lookahead; 0: zero slack.")
          .computedDefault("lookaheadPs");

  /** The parameters {@link #fromParams} reads. */
  public static final List<ParamSpec> PARAMS =
      List.of(LPS, POPULATION, REMOTE, LOOKAHEAD_PS, MEAN_PS);

  /** Reads the string parameters every JVM of a run receives. */
  public static PholdSettings fromParams(Map<String, String> raw) {
    ModelParams p = new ModelParams("phold", raw, PARAMS);
    long lookaheadPs = p.getLong(LOOKAHEAD_PS);
    return new PholdSettings(
        p.getInt(LPS),
        p.getInt(POPULATION),
        p.getDouble(REMOTE),
        lookaheadPs,
        p.getLong(MEAN_PS, lookaheadPs));
  }

  public Map<String, String> toParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lps", Integer.toString(lps));
    p.put("population", Integer.toString(population));
    p.put("remote", Double.toString(remote));
    p.put("lookaheadPs", Long.toString(lookaheadPs));
    p.put("meanPs", Long.toString(meanPs));
    return p;
  }
}
