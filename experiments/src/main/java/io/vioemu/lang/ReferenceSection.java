package io.vioemu.lang;

import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.results.Reference;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code reference} section: published values the results are checked against (the report
 * evaluates them; the run's exit code never depends on them). The loader checks the shape only:
 * required fields, types, the id, the metric's form, and that {@code where} and {@code relativeTo}
 * name parameters of the model.
 */
final class ReferenceSection {
  static final List<String> KEYS =
      List.of(
          "id",
          "description",
          "source",
          "metric",
          "where",
          "relativeTo",
          "aggregate",
          "value",
          "tolerance",
          "note");
  static final List<String> AGGREGATES =
      Arrays.stream(Reference.Aggregate.values()).map(Reference.Aggregate::word).toList();
  static final String ID_PATTERN = "[a-z0-9-]+";
  static final String METRIC_PATTERN = "results\\.\\S+|entities\\.[0-9]+\\.\\S+";

  /**
   * Reads the section.
   *
   * @param params the parameter names {@code where} and {@code relativeTo} may use; empty: any
   */
  static List<Reference> parseAll(String label, Node node, String model, Set<String> params) {
    if (!(node instanceof SequenceNode list)) {
      YamlFields.checkTag(label, node, "reference");
      throw new UsageException(
          YamlFields.at(label, node)
              + "field 'reference': expected a list of reference values, e.g. - {id: ..., source:"
              + " ..., metric: results.goodputBitsPerSec, value: ..., tolerance: ...}");
    }
    List<Reference> out = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    int i = 0;
    for (Node entry : list.getValue()) {
      Reference r = parse(label, entry, "reference[" + i++ + "]", model, params);
      String location = YamlFields.at(label, entry);
      String before = ids.putIfAbsent(r.id(), location);
      if (before != null) {
        throw new UsageException(
            location
                + "field 'reference["
                + (i - 1)
                + "].id': id '"
                + r.id()
                + "' is already used at "
                + before.replaceAll(": $", ""));
      }
      out.add(r);
    }
    return List.copyOf(out);
  }

  private static Reference parse(
      String label, Node node, String field, String model, Set<String> params) {
    MappingNode m = YamlFields.mapping(label, node, field);
    String p = field + ".";
    Map<String, Node> f = YamlFields.fields(label, m, KEYS, p);
    Node idNode = YamlFields.require(label, m, f, "id", p);
    String id = YamlFields.scalar(label, idNode, p + "id");
    if (!id.matches(ID_PATTERN)) {
      throw new UsageException(
          YamlFields.at(label, idNode)
              + "field '"
              + p
              + "id': use lower-case letters, digits and '-', got '"
              + id
              + "'");
    }
    String source = text(label, m, f, "source", p, "the published source of the value");
    Node metricNode = YamlFields.require(label, m, f, "metric", p);
    String metric = YamlFields.scalar(label, metricNode, p + "metric");
    if (!metric.matches(METRIC_PATTERN)) {
      throw new UsageException(
          YamlFields.at(label, metricNode)
              + "field '"
              + p
              + "metric': expected 'results.<key>' or 'entities.<id>.<key>', got '"
              + metric
              + "'"
              + (metric.contains(".") || metric.isBlank()
                  ? ""
                  : " (did you mean 'results." + metric + "'?)"));
    }
    String aggregate = Reference.Aggregate.EACH.word();
    if (f.containsKey("aggregate")) {
      aggregate = YamlFields.scalar(label, f.get("aggregate"), p + "aggregate");
      if (!AGGREGATES.contains(aggregate)) {
        throw new UsageException(
            YamlFields.at(label, f.get("aggregate"))
                + "field '"
                + p
                + "aggregate': expected one of "
                + AGGREGATES
                + ", got '"
                + aggregate
                + "'"
                + Suggest.closest(aggregate, AGGREGATES)
                    .map(s -> " (did you mean '" + s + "'?)")
                    .orElse(""));
      }
    }
    BigDecimal value = number(label, YamlFields.require(label, m, f, "value", p), p + "value");
    Node tolNode = YamlFields.require(label, m, f, "tolerance", p);
    BigDecimal tolerance = number(label, tolNode, p + "tolerance");
    if (tolerance.signum() < 0) {
      throw new UsageException(
          YamlFields.at(label, tolNode)
              + "field '"
              + p
              + "tolerance': must be >= 0, was "
              + YamlFields.scalar(label, tolNode, p + "tolerance"));
    }
    if (f.containsKey("note")) {
      // Free text for the report (why the model disagrees, say); only its type is checked.
      YamlFields.scalar(label, f.get("note"), p + "note");
    }
    return new Reference(
        id,
        f.containsKey("description")
            ? YamlFields.scalar(label, f.get("description"), p + "description")
            : "",
        source,
        metric,
        where(label, f.get("where"), p + "where", model, params),
        relativeTo(label, f.get("relativeTo"), p + "relativeTo", model, params),
        Reference.Aggregate.valueOf(aggregate.toUpperCase(Locale.ROOT)),
        value,
        tolerance);
  }

  private static String text(
      String label, MappingNode m, Map<String, Node> f, String key, String p, String what) {
    Node n = f.get(key);
    if (n == null) {
      throw new UsageException(
          YamlFields.at(label, m) + "field '" + p + key + "' is missing: give " + what);
    }
    String v = YamlFields.scalar(label, n, p + key);
    boolean isNull = n.getTag().getValue().equals("tag:yaml.org,2002:null") || v.equals("~");
    if (v.isBlank() || isNull) {
      throw new UsageException(
          YamlFields.at(label, n) + "field '" + p + key + "': must give " + what);
    }
    return v.strip();
  }

  /** A finite decimal number ({@code 0.55}, {@code 9.41e9}, {@code 1_000}). */
  private static BigDecimal number(String label, Node node, String field) {
    String v = YamlFields.scalar(label, node, field);
    String s = v.replace("_", "");
    if (s.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException tooLarge) {
        // an exponent beyond an int: not a number any report could compare
      }
    }
    throw new UsageException(
        YamlFields.at(label, node) + "field '" + field + "': expected a number, got '" + v + "'");
  }

  private static Map<String, List<String>> where(
      String label, Node node, String field, String model, Set<String> params) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    for (NodeTuple t : YamlFields.mapping(label, node, field).getValue()) {
      String name = param(label, t.getKeyNode(), field, model, params);
      String f = field + "." + name;
      List<String> values = new ArrayList<>();
      if (t.getValueNode() instanceof SequenceNode seq) {
        if (seq.getValue().isEmpty()) {
          throw new UsageException(
              YamlFields.at(label, seq) + "field '" + f + "': expected at least one value");
        }
        int i = 0;
        for (Node v : seq.getValue()) {
          values.add(value(label, v, f + "[" + i++ + "]", name, model));
        }
      } else {
        values.add(value(label, t.getValueNode(), f, name, model));
      }
      out.put(name, List.copyOf(values));
    }
    return out;
  }

  private static Map<String, String> relativeTo(
      String label, Node node, String field, String model, Set<String> params) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    MappingNode m = YamlFields.mapping(label, node, field);
    if (m.getValue().isEmpty()) {
      throw new UsageException(
          YamlFields.at(label, m)
              + "field '"
              + field
              + "': expected the baseline's parameters, e.g. {io.iommu: off}");
    }
    for (NodeTuple t : m.getValue()) {
      String name = param(label, t.getKeyNode(), field, model, params);
      out.put(name, value(label, t.getValueNode(), field + "." + name, name, model));
    }
    return out;
  }

  /** A parameter name of the model; a section path gets the parameter it sets. */
  private static String param(
      String label, Node keyNode, String field, String model, Set<String> params) {
    String name = YamlFields.scalar(label, keyNode, field + ".(key)");
    boolean flowParam =
        Sections.modelsOf("schedule").contains(model)
            && name.matches("flow\\.[0-9]+\\.st(art|op)Ps");
    if (params.isEmpty() || params.contains(name) || flowParam) {
      return name;
    }
    String hint =
        SectionKey.at(name)
            .filter(k -> k.param() != null)
            .map(k -> ", did you mean '" + k.param() + "'? ('" + name + "' sets it)")
            .or(() -> Suggest.closest(name, params).map(s -> ", did you mean '" + s + "'?"))
            .orElse("");
    throw new UsageException(
        YamlFields.at(label, keyNode)
            + "field '"
            + field
            + "."
            + name
            + "': '"
            + name
            + "' is not a parameter of model '"
            + model
            + "'"
            + hint
            + " ("
            + field.substring(field.lastIndexOf('.') + 1)
            + " names model parameters, as params and sweep do)");
  }

  /** A scalar; for a parameter with a fixed set of values, one of them. */
  private static String value(String label, Node node, String field, String param, String model) {
    String v = YamlFields.scalar(label, node, field);
    Set<String> choices = new TreeSet<>();
    ModelDeclarations.spec(model, param)
        .filter(s -> s.type() == ParamSpec.Type.CHOICE)
        .ifPresent(s -> choices.addAll(s.choices()));
    if (!choices.isEmpty() && !choices.contains(v)) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': "
              + param
              + " is one of "
              + choices
              + ", got '"
              + v
              + "'"
              + Suggest.closest(v, choices).map(s -> " (did you mean '" + s + "'?)").orElse(""));
    }
    return v;
  }
}
