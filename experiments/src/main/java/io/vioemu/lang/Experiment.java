package io.vioemu.lang;

import io.vioemu.results.Reference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment file, validated before anything runs. Every error names the file, line, column and
 * field. Only the node tree is composed (no object construction), so no YAML tag can instantiate
 * anything.
 *
 * <p>A file names a model, a seed and an end time, optionally a calibration {@link Profile} whose
 * costs become {@code cost.*} parameters. Structured sections ({@code topology}, {@code hosts},
 * {@code vms}, {@code workload}, {@code schedule}, {@code outputs}) describe the system and lower
 * to the model's flat parameters ({@link Sections}, {@link Schedule}); {@code params} stays as the
 * expert's escape hatch, and a parameter set both ways is an error. {@code placement} and {@code
 * reference} are recorded, not lowered: neither may change a result.
 *
 * @param description the file's free-text description ("" if none)
 * @param params the model's parameters: the profile's costs, then the file's own {@code params},
 *     then {@code --set} values (each overriding the one before)
 * @param locations "file:line:column: " of {@code model}, {@code profile} and every {@code
 *     params.<name>}; a profile-supplied parameter's location is in the profile file, a {@code
 *     --set} value's is "file: --set KEY=VALUE: "
 * @param profile the selected profile, or null
 * @param profileParams the parameters whose value came from the profile (not overridden)
 * @param settings the {@code --set} overrides applied, in command-line order
 * @param sweep the parameter sweep and repetitions, or null for a single run
 * @param origins for each parameter a section set, the section key ({@code topology.hosts}, {@code
 *     schedule[1].stop[0]}); parameters absent here came from the profile or {@code params}
 * @param placement the {@code placement.strategy} ({@code contiguous} if none): a {@link
 *     io.vioemu.fabric.kernel.PlacementStrategy} config name, how the runner spreads entities over
 *     JVMs; it changes speed, never a result
 * @param partitionsPerJvm {@code placement.partitionsPerJvm}, 0 if the file leaves it to the
 *     runner; it changes speed, never a result
 * @param workersPerPartition {@code placement.workersPerPartition}, 0 if not given
 * @param outputDir where results go when {@code --out} is not given: {@code outputs.dir}, else
 *     {@code results/<name>}
 * @param references the {@code reference} entries, in file order
 * @param maxWallSeconds {@code outputs.maxWallSeconds}: the run stops (exit 1, nothing written)
 *     after this much wall time; 0 if not given
 */
public record Experiment(
    Path file,
    String name,
    String description,
    String model,
    long seed,
    long endPs,
    Map<String, String> params,
    Map<String, String> locations,
    Profile profile,
    Set<String> profileParams,
    List<Setting> settings,
    Sweep sweep,
    Map<String, String> origins,
    String placement,
    int partitionsPerJvm,
    int workersPerPartition,
    Path outputDir,
    List<Reference> references,
    long maxWallSeconds) {
  /** The top-level fields {@code --set} may override: all but {@code params} and {@code sweep}. */
  public static final List<String> SETTABLE_KEYS =
      List.of("name", "description", "model", "profile", "seed", "endUs", "repetitions");

  /** The largest {@code endUs} whose picoseconds fit a {@code long}. */
  static final long MAX_END_US = Long.MAX_VALUE / 1_000_000L;

  /** Experiment and profile names: they become directory and file names. */
  public static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

  public static Experiment load(Path file) {
    return load(file, List.of());
  }

  /** Reads and checks {@code file}, then applies {@code settings} as if the file said so. */
  public static Experiment load(Path file, List<Setting> settings) {
    return ExperimentLoader.load(file, settings);
  }

  /**
   * The experiment at one sweep point: its swept values override the parameters, and their
   * locations are the sweep values' lines (so a value the model refuses is reported there).
   */
  public Experiment at(Sweep.Point point) {
    Map<String, String> p = new LinkedHashMap<>(params);
    Map<String, String> l = new LinkedHashMap<>(locations);
    Map<String, String> o = new LinkedHashMap<>(origins);
    Set<String> fromProfile = new LinkedHashSet<>(profileParams);
    point.params().forEach(p::put);
    point.locations().forEach((k, v) -> l.put("params." + k, v));
    for (int i = 0; i < sweep.names().size(); i++) {
      o.put(sweep.names().get(i), "sweep.params." + sweep.given().get(i));
    }
    fromProfile.removeAll(point.params().keySet());
    return new Experiment(
        file,
        name,
        description,
        model,
        point.seed(),
        endPs,
        p,
        l,
        profile,
        fromProfile,
        settings,
        null,
        o,
        placement,
        partitionsPerJvm,
        workersPerPartition,
        outputDir,
        references,
        maxWallSeconds);
  }

  /**
   * The field that set parameter {@code param}: a section key ({@code workload.messageBytes}), a
   * sweep's ({@code sweep.params.vms.ioModel}), or {@code params.<param>}.
   */
  public String fieldOf(String param) {
    return origins.getOrDefault(param, "params." + param);
  }

  /** "file:line:column: " of a field ({@code model}, {@code params.x}), or "file: " if unknown. */
  public String where(String field) {
    return locations.getOrDefault(field, file + ": ");
  }

  /** The {@code --set} argument that set parameter {@code param}, if one did. */
  public Optional<Setting> setting(String param) {
    Setting found = null;
    for (Setting s : settings) {
      if (s.param() && s.key().equals(param)) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }
}
