package io.vioemu.lang;

import io.vioemu.fabric.kernel.ModelRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The structured sections of one experiment file ({@code topology}, {@code hosts}, {@code vms},
 * {@code workload}, {@code placement}, {@code outputs}), lowered to the flat parameters of one
 * model. Every key is checked against {@link SectionKey#ALL}: unknown keys get the closest valid
 * one, values their type and range; a key the model cannot use is an error naming the model.
 */
final class Sections {
  /**
   * One lowered parameter.
   *
   * @param field the section key that set it ({@code workload.messageBytes})
   * @param location "file:line:column: " of its value (or "file: --set ARG: ")
   */
  record Lowered(String param, String value, String field, String location) {}

  private final String label;
  private final String model;
  private final String modelWhere;
  private boolean modelChecked;
  private final Map<String, Lowered> values = new LinkedHashMap<>();
  private final Map<String, Lowered> meta = new LinkedHashMap<>();
  private final Map<String, Node> present = new LinkedHashMap<>();

  /**
   * @param modelWhere "file:line:column: " of the {@code model} field
   */
  Sections(String label, String model, String modelWhere) {
    this.label = label;
    this.model = model;
    this.modelWhere = modelWhere;
  }

  /**
   * What a section means depends on the model, so an unknown model is reported first (as the runner
   * would, before building it).
   */
  private void checkModel() {
    if (modelChecked) {
      return;
    }
    Set<String> names = ModelRegistry.load().names();
    if (!names.contains(model)) {
      throw new UsageException(
          modelWhere
              + "field 'model': unknown model '"
              + model
              + "'"
              + Suggest.closest(model, names)
                  .map(s -> ", did you mean '" + s + "'?")
                  .orElse("; expected one of " + names));
    }
    modelChecked = true;
  }

  /** The parameters the file's sections set, in file order. */
  Map<String, Lowered> values() {
    return values;
  }

  /** A key that sets no parameter ({@code outputs.dir}), with {@code --set} applied; or null. */
  Lowered meta(String path) {
    return meta.get(path);
  }

  /** The key node of each section the file gives, by name. */
  Map<String, Node> present() {
    return present;
  }

  /** Checks that {@code section} applies to the model; {@code at} is where an error points. */
  void checkApplies(String section, Node at) {
    checkModel();
    Set<String> models = modelsOf(section);
    if (models.isEmpty() || models.contains(model)) {
      return;
    }
    boolean ownParam = section.equals("workload") && knownParams(model).contains(section);
    throw new UsageException(
        YamlFields.at(label, at)
            + "field '"
            + section
            + "': section '"
            + section
            + "' does not apply to model '"
            + model
            + "' (it applies to "
            + models
            + ")"
            + (ownParam
                ? "; " + model + "'s own '" + section + "' parameter goes in 'params'"
                : ""));
  }

  static Set<String> modelsOf(String section) {
    return switch (section) {
      case "schedule" -> SectionKey.NETPERF;
      case "reference" -> SectionKey.EVERY;
      default -> SectionKey.modelsOf(section);
    };
  }

  /** Reads section {@code name} ({@code keyNode: node}) of the file, lowering every key. */
  void read(String name, Node keyNode, Node node) {
    present.put(name, keyNode);
    checkApplies(name, keyNode);
    if (name.equals("hosts") && !(node instanceof MappingNode)) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field 'hosts': expected a mapping (what each host is: cores, clockHz, nic,"
              + " iommu); the number of hosts is 'topology.hosts'");
    }
    walk(name, YamlFields.mapping(label, node, name));
  }

  private void walk(String prefix, MappingNode node) {
    for (NodeTuple t : node.getValue()) {
      String key = YamlFields.scalar(label, t.getKeyNode(), prefix + ".(key)");
      String path = prefix + "." + key;
      if (SectionKey.isGroup(path)) {
        checkGroupApplies(path, t.getKeyNode());
        walk(path, YamlFields.mapping(label, t.getValueNode(), path));
        continue;
      }
      SectionKey k = resolve(path, t.getKeyNode(), path);
      add(true, k, t.getValueNode(), path);
    }
  }

  private void checkGroupApplies(String path, Node at) {
    Set<String> models = SectionKey.modelsOf(path);
    if (!models.isEmpty() && !models.contains(model)) {
      throw notForModel(path, "", models, at);
    }
  }

  /**
   * Applies {@code --set SECTION.KEY=VALUE}: it wins over the file's sections and params. Returns
   * the parameter it sets, or null for a key that sets none ({@code outputs.dir}).
   */
  Sections.Lowered set(SetNode node, String path) {
    checkApplies(path.substring(0, path.indexOf('.')), node);
    SectionKey k = resolve(path, node, path);
    return add(false, k, node, path);
  }

  /**
   * Lowers one key; {@code fromFile}: it goes into {@link #values}, where two keys setting one
   * parameter are an error (a {@code --set} simply wins).
   */
  private Lowered add(boolean fromFile, SectionKey k, Node valueNode, String path) {
    String value = convert(k, valueNode, path);
    String location = YamlFields.at(label, valueNode);
    if (k.path().equals("topology.kind") && SectionKey.CLUSTER.contains(model)) {
      // netperf-cluster builds the fabric topology.kind names: the key sets its parameter
      checkMeta(k, value, valueNode);
      k = new SectionKey(k.path(), "fabric", null, SectionKey.CLUSTER, null, "", "");
    }
    if (k.param() == null) {
      checkMeta(k, value, valueNode);
      meta.put(path, new Lowered(null, value, path, location));
      return null;
    }
    Lowered before = values.get(k.param());
    if (before != null && fromFile) {
      throw new UsageException(
          location
              + "field '"
              + path
              + "': parameter '"
              + k.param()
              + "' is already set by '"
              + before.field()
              + "' at "
              + before.location().replaceAll(": $", "")
              + "; set it in one place");
    }
    Lowered lowered = new Lowered(k.param(), value, path, location);
    if (fromFile) {
      values.put(k.param(), lowered);
    }
    return lowered;
  }

  /** The keys that set no parameter but are checked against the model. */
  private void checkMeta(SectionKey k, String value, Node at) {
    if (k.path().equals("topology.kind")) {
      List<String> builds =
          SectionKey.LEAFSPINE.contains(model)
              ? List.of("leafspine")
              : SectionKey.CLUSTER.contains(model)
                  ? List.of("leaf-spine", "fat-tree")
                  : List.of("star");
      if (!builds.contains(value)) {
        throw new UsageException(
            YamlFields.at(label, at)
                + "field 'topology.kind': model '"
                + model
                + "' builds a "
                + String.join(" or a ", builds)
                + ", not a "
                + value);
      }
    }
  }

  /**
   * The key at {@code path}: an error names the closest valid key, or the model the key does not
   * apply to.
   *
   * @param field the field errors name (a sweep's {@code sweep.params.vms.ioModel})
   */
  SectionKey resolve(String path, Node at, String field) {
    checkModel();
    String head = path.substring(0, path.indexOf('.'));
    if (head.equals("schedule") || head.equals("reference")) {
      throw new UsageException(
          YamlFields.at(label, at)
              + "field '"
              + field
              + "': '"
              + head
              + "' is a list of entries; its values cannot be swept or set");
    }
    SectionKey k = SectionKey.at(path).orElse(null);
    if (k == null && SectionKey.isGroup(path)) {
      throw new UsageException(
          YamlFields.at(label, at)
              + "field '"
              + field
              + "': '"
              + path
              + "' is a group of keys, not a value; expected one of "
              + SectionKey.children(path).stream().map(c -> path + "." + c).toList());
    }
    if (k == null) {
      String parent = path.substring(0, path.lastIndexOf('.'));
      List<String> siblings =
          SectionKey.children(parent).stream().map(c -> parent + "." + c).toList();
      List<String> every = SectionKey.ALL.stream().map(SectionKey::path).toList();
      throw new UsageException(
          YamlFields.at(label, at)
              + "unknown field '"
              + field
              + "'"
              + Suggest.closest(path, siblings)
                  .or(() -> Suggest.closest(path, every))
                  .map(s -> ", did you mean '" + s + "'?")
                  .orElse(siblings.isEmpty() ? "" : "; expected one of " + siblings));
    }
    if (!k.appliesTo(model)) {
      throw notForModel(path, k.param(), k.models(), at);
    }
    return k;
  }

  private UsageException notForModel(String path, String param, Set<String> models, Node at) {
    return new UsageException(
        YamlFields.at(label, at)
            + "field '"
            + path
            + "': model '"
            + model
            + "' has no parameter for it"
            + (param == null || param.isEmpty() ? "" : " (it sets " + param + ")")
            + "; '"
            + path
            + "' applies to "
            + new TreeSet<>(models));
  }

  /**
   * Reads one value of key {@code k}, checks it against the model's declaration (type, smallest
   * value, choices), and writes it in the parameter's unit.
   */
  String convert(SectionKey k, Node node, String field) {
    ParamDecl d = k.decl(model);
    return switch (d.kind()) {
      case COUNT -> Long.toString(YamlFields.number(label, node, field, d.min()));
      case MICROS, NANOS -> picoseconds(d, node, field);
      case BOOL, CHOICE -> choice(d, node, field);
      case PATH -> path(node, field);
      case TABLE -> table(node, field);
    };
  }

  /**
   * A table: a non-empty list of rows of two numbers, written {@code x:y,x:y}. The model checks
   * what the numbers mean (a CDF's order, its last probability), naming the row.
   */
  private String table(Node node, String field) {
    if (!(node instanceof SequenceNode rows) || rows.getValue().isEmpty()) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': expected a list of rows [x, y], such as [[10000, 0.15], [20000, 1.0]]");
    }
    StringBuilder out = new StringBuilder();
    for (Node row : rows.getValue()) {
      if (!(row instanceof SequenceNode cells) || cells.getValue().size() != 2) {
        throw new UsageException(
            YamlFields.at(label, row)
                + "field '"
                + field
                + "': expected a row of two numbers [x, y], such as [10000, 0.15]");
      }
      String x = YamlFields.scalar(label, cells.getValue().get(0), field);
      String y = YamlFields.scalar(label, cells.getValue().get(1), field);
      out.append(out.length() == 0 ? "" : ",").append(x.trim()).append(':').append(y.trim());
    }
    return out.toString();
  }

  private String picoseconds(ParamDecl d, Node node, String field) {
    long n = YamlFields.number(label, node, field, d.min());
    try {
      return Long.toString(Math.multiplyExact(n, d.kind().factor));
    } catch (ArithmeticException e) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': "
              + n
              + (d.kind() == ParamDecl.Kind.MICROS ? " us" : " ns")
              + " does not fit 64 bits of picoseconds (at most "
              + Long.MAX_VALUE / d.kind().factor
              + ")");
    }
  }

  private String choice(ParamDecl d, Node node, String field) {
    String v = YamlFields.scalar(label, node, field);
    if (d.choices().contains(v)) {
      return v;
    }
    throw new UsageException(
        YamlFields.at(label, node)
            + "field '"
            + field
            + "': expected "
            + (d.kind() == ParamDecl.Kind.BOOL ? "true or false" : "one of " + d.choices())
            + ", got '"
            + v
            + "'"
            + Suggest.closest(v, d.choices())
                .filter(s -> d.kind() == ParamDecl.Kind.CHOICE)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse(""));
  }

  private String path(Node node, String field) {
    String v = YamlFields.scalar(label, node, field);
    if (v.isBlank()) {
      throw new UsageException(
          YamlFields.at(label, node) + "field '" + field + "': expected a directory, got ''");
    }
    String bad = OutputPaths.whyNotPlain(v);
    if (bad != null) {
      throw new UsageException(YamlFields.at(label, node) + "field '" + field + "': " + bad);
    }
    try {
      return Path.of(v).toString();
    } catch (InvalidPathException e) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': not a valid path: "
              + Messages.oneLine(e));
    }
  }

  /** The parameter names {@code model} declares (patterns included); none for an unknown model. */
  static Set<String> knownParams(String model) {
    return ModelDeclarations.names(model);
  }
}
