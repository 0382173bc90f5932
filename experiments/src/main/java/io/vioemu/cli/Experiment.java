package io.vioemu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * An experiment file, validated before anything runs. Every error names the file, line, column and
 * field. Only the node tree is composed (no object construction), so no YAML tag can instantiate
 * anything.
 *
 * <p>Today's language is the kernel's: a model, its parameters, a seed and an end time, optionally
 * a calibration {@link Profile} whose costs become {@code cost.*} parameters. The full experiment
 * language (topologies, hosts, VMs, sweeps) extends this same file format.
 *
 * @param params the model's parameters: the profile's costs, then the file's own {@code params}
 *     (which override them)
 * @param locations "file:line:column: " of {@code model}, {@code profile} and every {@code
 *     params.<name>}; a profile-supplied parameter's location is in the profile file
 * @param profile the selected profile, or null
 * @param profileParams the parameters whose value came from the profile (not overridden)
 */
record Experiment(
    Path file,
    String name,
    String model,
    long seed,
    long endPs,
    Map<String, String> params,
    Map<String, String> locations,
    Profile profile,
    Set<String> profileParams) {
  private static final java.util.Set<String> SAFE_TAGS =
      java.util.Set.of(
          "tag:yaml.org,2002:str",
          "tag:yaml.org,2002:int",
          "tag:yaml.org,2002:float",
          "tag:yaml.org,2002:bool",
          "tag:yaml.org,2002:null",
          "tag:yaml.org,2002:map",
          "tag:yaml.org,2002:seq");
  private static final List<String> TOP_KEYS =
      List.of("name", "description", "model", "profile", "seed", "endUs", "params");

  static Experiment load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
    return fromTree(file, compose(file.toString(), text));
  }

  /** The node tree of a YAML document; {@code label} names it in errors (a path, or a resource). */
  static Node compose(String label, String text) {
    try {
      Optional<Node> composed =
          new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text);
      return composed.orElseThrow(() -> new UsageException(label + ": the file is empty"));
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(null);
      throw new UsageException(
          at(label, m) + "YAML syntax error: " + Main.oneLine(e).replaceAll("\\s+", " "));
    }
  }

  private static Experiment fromTree(Path file, Node root) {
    String label = file.toString();
    MappingNode top = mapping(label, root, "(top level)");
    Map<String, Node> fields = fields(label, top, TOP_KEYS, "");
    String name = scalar(label, require(label, top, fields, "name"), "name");
    if (!name.matches(NAME_PATTERN)) {
      throw new UsageException(
          at(label, fields.get("name")) + "field 'name': use letters, digits, '.', '_' or '-'");
    }
    Map<String, String> locations = new LinkedHashMap<>();
    String model = scalar(label, require(label, top, fields, "model"), "model");
    locations.put("model", at(label, fields.get("model")));
    long seed =
        fields.containsKey("seed") ? number(label, fields.get("seed"), "seed", Long.MIN_VALUE) : 1;
    long endUs = number(label, require(label, top, fields, "endUs"), "endUs", 1);
    Map<String, String> params = new LinkedHashMap<>();
    Profile profile = null;
    Set<String> profileParams = new LinkedHashSet<>();
    if (fields.containsKey("profile")) {
      Node p = fields.get("profile");
      locations.put("profile", at(label, p));
      profile = Profile.select(file, scalar(label, p, "profile"), at(label, p));
      for (Map.Entry<String, Profile.Constant> c : profile.costs().entrySet()) {
        String param = Profile.PARAM_PREFIX + c.getKey();
        params.put(param, Long.toString(c.getValue().value()));
        locations.put("params." + param, c.getValue().where());
        profileParams.add(param);
      }
    }
    if (fields.containsKey("params")) {
      MappingNode p = mapping(label, fields.get("params"), "params");
      for (NodeTuple t : p.getValue()) {
        String key = scalar(label, t.getKeyNode(), "params");
        params.put(key, scalar(label, t.getValueNode(), "params." + key));
        locations.put("params." + key, at(label, t.getValueNode()));
        profileParams.remove(key);
      }
    }
    return new Experiment(
        file,
        name,
        model,
        seed,
        Math.multiplyExact(endUs, 1_000_000L),
        params,
        locations,
        profile,
        profileParams);
  }

  /** Experiment and profile names: they become directory and file names. */
  static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

  static Map<String, Node> fields(
      String label, MappingNode node, List<String> allowed, String prefix) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      String key = scalar(label, t.getKeyNode(), prefix + "(key)");
      if (!allowed.contains(key)) {
        throw new UsageException(
            at(label, t.getKeyNode())
                + "unknown field '"
                + prefix
                + key
                + "'"
                + Suggest.closest(key, allowed)
                    .map(s -> ", did you mean '" + s + "'?")
                    .orElse("; expected one of " + allowed));
      }
      if (out.put(key, t.getValueNode()) != null) {
        throw new UsageException(
            at(label, t.getKeyNode()) + "field '" + prefix + key + "' appears twice");
      }
    }
    return out;
  }

  static Node require(String label, Node parent, Map<String, Node> fields, String key) {
    return require(label, parent, fields, key, "");
  }

  static Node require(
      String label, Node parent, Map<String, Node> fields, String key, String prefix) {
    Node n = fields.get(key);
    if (n == null) {
      throw new UsageException(at(label, parent) + "field '" + prefix + key + "' is missing");
    }
    return n;
  }

  /** Only plain YAML types; a tag such as {@code !!java.net.URL} is refused, not ignored. */
  private static void checkTag(String label, Node node, String field) {
    String tag = node.getTag().getValue();
    if (!SAFE_TAGS.contains(tag)) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': YAML tag '" + tag + "' is not allowed");
    }
  }

  static MappingNode mapping(String label, Node node, String field) {
    checkTag(label, node, field);
    if (node instanceof MappingNode m) {
      return m;
    }
    throw new UsageException(at(label, node) + "field '" + field + "': expected a mapping");
  }

  static String scalar(String label, Node node, String field) {
    checkTag(label, node, field);
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw new UsageException(at(label, node) + "field '" + field + "': expected a single value");
  }

  static long number(String label, Node node, String field, long min) {
    String v = scalar(label, node, field);
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': expected an integer, got '" + v + "'");
    }
    if (n < min) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': must be >= " + min + ", was " + n);
    }
    return n;
  }

  /** "file:line:column: " of a field ({@code model}, {@code params.x}), or "file: " if unknown. */
  String where(String field) {
    return locations.getOrDefault(field, file + ": ");
  }

  static String at(String label, Node node) {
    return at(label, node == null ? null : node.getStartMark().orElse(null));
  }

  static String at(String label, Mark mark) {
    if (mark == null) {
      return label + ": ";
    }
    return label + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
