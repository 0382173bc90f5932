package io.vioemu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Today's language is the kernel's: a model, its parameters, a seed and an end time. The full
 * experiment language (topologies, hosts, VMs, sweeps) extends this same file format.
 */
record Experiment(
    Path file,
    String name,
    String model,
    long seed,
    long endPs,
    Map<String, String> params,
    Map<String, String> locations) {
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
      List.of("name", "description", "model", "seed", "endUs", "params");

  static Experiment load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
    Node root;
    try {
      Optional<Node> composed =
          new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text);
      root = composed.orElseThrow(() -> new UsageException(file + ": the file is empty"));
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(null);
      throw new UsageException(
          at(file, m) + "YAML syntax error: " + Main.oneLine(e).replaceAll("\\s+", " "));
    }
    return fromTree(file, root);
  }

  private static Experiment fromTree(Path file, Node root) {
    MappingNode top = mapping(file, root, "(top level)");
    Map<String, Node> fields = fields(file, top, TOP_KEYS, "");
    String name = scalar(file, require(file, top, fields, "name"), "name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new UsageException(
          at(file, fields.get("name")) + "field 'name': use letters, digits, '.', '_' or '-'");
    }
    Map<String, String> locations = new LinkedHashMap<>();
    String model = scalar(file, require(file, top, fields, "model"), "model");
    locations.put("model", at(file, fields.get("model")));
    long seed =
        fields.containsKey("seed") ? number(file, fields.get("seed"), "seed", Long.MIN_VALUE) : 1;
    long endUs = number(file, require(file, top, fields, "endUs"), "endUs", 1);
    Map<String, String> params = new LinkedHashMap<>();
    if (fields.containsKey("params")) {
      MappingNode p = mapping(file, fields.get("params"), "params");
      for (NodeTuple t : p.getValue()) {
        String key = scalar(file, t.getKeyNode(), "params");
        params.put(key, scalar(file, t.getValueNode(), "params." + key));
        locations.put("params." + key, at(file, t.getValueNode()));
      }
    }
    return new Experiment(
        file, name, model, seed, Math.multiplyExact(endUs, 1_000_000L), params, locations);
  }

  private static Map<String, Node> fields(
      Path file, MappingNode node, List<String> allowed, String prefix) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      String key = scalar(file, t.getKeyNode(), prefix + "(key)");
      if (!allowed.contains(key)) {
        throw new UsageException(
            at(file, t.getKeyNode())
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
            at(file, t.getKeyNode()) + "field '" + prefix + key + "' appears twice");
      }
    }
    return out;
  }

  private static Node require(Path file, Node parent, Map<String, Node> fields, String key) {
    Node n = fields.get(key);
    if (n == null) {
      throw new UsageException(at(file, parent) + "field '" + key + "' is missing");
    }
    return n;
  }

  /** Only plain YAML types; a tag such as {@code !!java.net.URL} is refused, not ignored. */
  private static void checkTag(Path file, Node node, String field) {
    String tag = node.getTag().getValue();
    if (!SAFE_TAGS.contains(tag)) {
      throw new UsageException(
          at(file, node) + "field '" + field + "': YAML tag '" + tag + "' is not allowed");
    }
  }

  private static MappingNode mapping(Path file, Node node, String field) {
    checkTag(file, node, field);
    if (node instanceof MappingNode m) {
      return m;
    }
    throw new UsageException(at(file, node) + "field '" + field + "': expected a mapping");
  }

  private static String scalar(Path file, Node node, String field) {
    checkTag(file, node, field);
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw new UsageException(at(file, node) + "field '" + field + "': expected a single value");
  }

  private static long number(Path file, Node node, String field, long min) {
    String v = scalar(file, node, field);
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(
          at(file, node) + "field '" + field + "': expected an integer, got '" + v + "'");
    }
    if (n < min) {
      throw new UsageException(
          at(file, node) + "field '" + field + "': must be >= " + min + ", was " + n);
    }
    return n;
  }

  /** "file:line:column: " of a field ({@code model}, {@code params.x}), or "file: " if unknown. */
  String where(String field) {
    return locations.getOrDefault(field, file + ": ");
  }

  static String at(Path file, Node node) {
    return at(file, node == null ? null : node.getStartMark().orElse(null));
  }

  static String at(Path file, Mark mark) {
    if (mark == null) {
      return file + ": ";
    }
    return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
