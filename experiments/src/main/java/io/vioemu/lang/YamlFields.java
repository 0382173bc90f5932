package io.vioemu.lang;

import static io.vioemu.lang.YamlFields.at;
import static io.vioemu.lang.YamlFields.checkTag;
import static io.vioemu.lang.YamlFields.fields;
import static io.vioemu.lang.YamlFields.number;
import static io.vioemu.lang.YamlFields.require;
import static io.vioemu.lang.YamlFields.scalar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Typed access to a composed YAML node tree: the fields of a mapping, single values, integers in a
 * range, and where a node is ("file:line:column: "), so every error names the file, line, column
 * and field.
 */
public final class YamlFields {
  private YamlFields() {}

  private static final Set<String> SAFE_TAGS =
      Set.of(
          "tag:yaml.org,2002:str",
          "tag:yaml.org,2002:int",
          "tag:yaml.org,2002:float",
          "tag:yaml.org,2002:bool",
          "tag:yaml.org,2002:null",
          "tag:yaml.org,2002:map",
          "tag:yaml.org,2002:seq");

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
  static void checkTag(String label, Node node, String field) {
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
    return number(label, node, field, min, Long.MAX_VALUE);
  }

  static long number(String label, Node node, String field, long min, long max) {
    String v = scalar(label, node, field);
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(
          at(label, node)
              + "field '"
              + field
              + "': expected an integer"
              + (v.replace("_", "").matches("[-+]?[0-9]+") ? " within a 64-bit long" : "")
              + ", got '"
              + v
              + "'");
    }
    if (n < min) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': must be >= " + min + ", was " + n);
    }
    if (n > max) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': must be <= " + max + ", was " + n);
    }
    return n;
  }

  static String at(String label, Node node) {
    if (node instanceof SetNode s) {
      return label + ": --set " + s.arg + ": ";
    }
    return at(label, node == null ? null : node.getStartMark().orElse(null));
  }

  static String at(String label, Mark mark) {
    if (mark == null) {
      return label + ": ";
    }
    return label + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
