package io.vioemu.lang;

import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.MigrationCosts;
import io.vioemu.host.virt.VirtCosts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A calibration profile: the CPU cost of each operation on a host's network path and of each
 * virtualization and IOMMU operation, every constant with the published source it comes from.
 * Results must emerge from these per-operation costs, so a profile is data an experiment selects,
 * never something tuned inside a model.
 *
 * <p>Built-in profiles are classpath resources {@code vioemu/profiles/<name>.yaml} and set every
 * cost (a test checks it); an experiment may also name a profile file of its own, which may leave
 * any cost out: the model then uses its default for it (0 cycles, and 3 GHz for {@code clockHz}).
 *
 * @param label where the profile came from, as errors name it
 * @param costs by {@link HostCosts} or {@link VirtCosts} component name, in file order
 */
public record Profile(
    String name,
    String label,
    String description,
    String notes,
    Map<String, Constant> costs,
    Map<String, Map<String, Unsupported>> unsupported) {

  /**
   * One cost constant.
   *
   * @param status how the value was obtained: one of {@link #STATUSES}
   * @param where "label:line:column: " of its value, for errors raised later by a model
   */
  public record Constant(long value, String status, String source, String where) {}

  /**
   * A choice the profile's hardware or software did not have (the I/O model SR-IOV in 2001, an
   * IOMMU strategy before there were IOMMUs): a run that asks for it is refused.
   *
   * @param where "label:line:column: " of the entry
   */
  public record Unsupported(String reason, String where) {}

  /**
   * How a constant's value was obtained. {@code checked}: the source's measurement of that very
   * operation (a micro-benchmark, a cycle count in a paper, a datasheet, a count in the driver's
   * source) was read; {@code derived}: computed from checked values, the source shows how; {@code
   * estimated}: a judgement, labelled as such, the source says what it rests on.
   */
  public static final List<String> STATUSES = List.of("checked", "derived", "estimated", "absent");

  /** The status of a constant the platform did not have: value 0, its uses refused. */
  public static final String ABSENT = "absent";

  /** The {@code profile:} value that runs a model that reads costs with every cost at 0. */
  public static final String NONE = "none";

  /** The parameter a profile's {@code unsupported} map names most often. */
  static final String IO_MODEL_PARAM = "io.model";

  public static final String PARAM_PREFIX = "cost.";
  static final String RESOURCE_DIR = "vioemu/profiles/";

  /**
   * The profiles shipped in the jar. Listed here because a shaded jar's resource directories cannot
   * be enumerated portably; a test checks the list against the resource directory.
   */
  static final List<String> BUILT_IN =
      List.of("modern-x86-10gbe", "xeon-2008-10gbe", "xen3-2006-1gbe", "hosted-vmm-2001-100mbe");

  /** The built-in profiles' names, as an error message lists them. */
  public static List<String> builtInNames() {
    return BUILT_IN;
  }

  private static final List<String> TOP_KEYS =
      List.of("name", "description", "notes", "unsupported", "costs");
  private static final List<String> CONSTANT_KEYS = List.of("value", "status", "source");

  /**
   * The cost names a profile may set: exactly the {@code cost.*} parameters that {@link HostCosts}
   * and {@link VirtCosts} read, host costs first, each record's in declaration order.
   */
  static List<String> costNames() {
    List<String> names = new ArrayList<>(hostCostNames());
    for (String v : concat(virtCostNames(), migrationCostNames())) {
      if (names.contains(v)) {
        throw new IllegalStateException("cost '" + v + "' is in two cost records");
      }
      names.add(v);
    }
    return List.copyOf(names);
  }

  /** The cost names {@link HostCosts} reads: a host's network path. */
  static List<String> hostCostNames() {
    return componentNames(HostCosts.class, HostCosts.paramNames());
  }

  /** The cost names {@link MigrationCosts} reads: a hypervisor's live migration. */
  static List<String> migrationCostNames() {
    return componentNames(MigrationCosts.class, MigrationCosts.paramNames());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The cost names {@link VirtCosts} reads: virtualization and the IOMMU. */
  static List<String> virtCostNames() {
    return componentNames(VirtCosts.class, VirtCosts.paramNames());
  }

  /**
   * A cost record's component names in declaration order (error messages list them so), checked
   * against the parameter names the record's {@code fromParams} reads.
   */
  private static List<String> componentNames(Class<? extends Record> costs, Set<String> params) {
    List<String> names = new ArrayList<>();
    for (var c : costs.getRecordComponents()) {
      names.add(c.getName());
    }
    List<String> read =
        params.stream()
            .filter(p -> p.startsWith(PARAM_PREFIX))
            .map(p -> p.substring(PARAM_PREFIX.length()))
            .sorted()
            .toList();
    if (params.size() != read.size() || !names.stream().sorted().toList().equals(read)) {
      throw new IllegalStateException(
          costs.getSimpleName() + " reads " + params + " but has components " + names);
    }
    return names;
  }

  /**
   * The profile an experiment's {@code profile:} field names: a built-in name, or a path ending in
   * {@code .yaml}/{@code .yml} (relative to the experiment file's directory).
   *
   * @param where "file:line:column: " of the {@code profile} field
   */
  static Profile select(Path experimentFile, String value, String where) {
    return selectIn(experimentFile.toAbsolutePath().getParent(), value, where);
  }

  /** As {@link #select}, a profile file's path being relative to {@code dir}. */
  static Profile selectIn(Path dir, String value, String where) {
    if (value.endsWith(".yaml") || value.endsWith(".yml") || value.contains("/")) {
      Path file = dir.resolve(value).normalize();
      if (!ExperimentLoader.isYamlName(file)) {
        throw new UsageException(
            where
                + "field 'profile': a profile file's name ends in .yaml or .yml, got "
                + file
                + " (not read)");
      }
      String shown = where + "field 'profile': cannot read profile file " + file;
      byte[] bytes = ExperimentLoader.readText(file, shown, shown + ": ");
      return parse(file.toString(), SafeYaml.utf8(file.toString(), bytes), null);
    }
    if (!BUILT_IN.contains(value)) {
      throw new UsageException(
          where
              + "field 'profile': unknown profile '"
              + value
              + "'"
              + Suggest.closest(value, BUILT_IN)
                  .map(s -> ", did you mean '" + s + "'?")
                  .orElse("; built-in profiles are " + BUILT_IN)
              + " (a profile file is named by a path ending in .yaml)");
    }
    return builtIn(value);
  }

  static Profile builtIn(String name) {
    String resource = RESOURCE_DIR + name + ".yaml";
    try (InputStream in = Profile.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in profile " + resource + " is not in the jar");
      }
      return parse(
          "classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses and validates a profile document.
   *
   * @param expectedName for a built-in profile, the name its file must declare; null otherwise
   */
  static Profile parse(String label, String text, String expectedName) {
    MappingNode top = YamlFields.mapping(label, SafeYaml.compose(label, text), "(top level)");
    Map<String, Node> fields = YamlFields.fields(label, top, TOP_KEYS, "");
    Node nameNode = YamlFields.require(label, top, fields, "name");
    String name = YamlFields.scalar(label, nameNode, "name");
    if (!name.matches(Experiment.NAME_PATTERN)) {
      throw new UsageException(
          YamlFields.at(label, nameNode) + "field 'name': use letters, digits, '.', '_' or '-'");
    }
    if (expectedName != null && !expectedName.equals(name)) {
      throw new UsageException(
          YamlFields.at(label, nameNode)
              + "field 'name': the file of profile '"
              + expectedName
              + "' declares '"
              + name
              + "'");
    }
    String description = optionalText(label, fields, "description");
    String notes = optionalText(label, fields, "notes");
    MappingNode costsNode =
        YamlFields.mapping(label, YamlFields.require(label, top, fields, "costs"), "costs");
    List<String> known = costNames();
    Map<String, Constant> costs = new LinkedHashMap<>();
    for (NodeTuple t : costsNode.getValue()) {
      String cost = YamlFields.scalar(label, t.getKeyNode(), "costs.(key)");
      if (!known.contains(cost)) {
        throw new UsageException(
            YamlFields.at(label, t.getKeyNode())
                + "field 'costs."
                + cost
                + "': unknown cost '"
                + cost
                + "'"
                + Suggest.closest(cost, known)
                    .map(s -> ", did you mean '" + s + "'?")
                    .orElse("; expected one of " + known));
      }
      if (costs.containsKey(cost)) {
        throw new UsageException(
            YamlFields.at(label, t.getKeyNode()) + "field 'costs." + cost + "' appears twice");
      }
      costs.put(cost, constant(label, t.getValueNode(), "costs." + cost + "."));
    }
    if (costs.isEmpty()) {
      throw new UsageException(
          YamlFields.at(label, costsNode) + "field 'costs': a profile sets at least one cost");
    }
    return new Profile(
        name,
        label,
        description,
        notes,
        Collections.unmodifiableMap(costs),
        unsupported(label, fields.get("unsupported")));
  }

  /**
   * The {@code unsupported} map: a choice parameter a section key sets (such as {@code io.model}),
   * then each of its values the profile's platform did not have, with the reason.
   */
  private static Map<String, Map<String, Unsupported>> unsupported(String label, Node node) {
    if (node == null) {
      return Map.of();
    }
    Map<String, Map<String, Unsupported>> out = new LinkedHashMap<>();
    for (NodeTuple t : YamlFields.mapping(label, node, "unsupported").getValue()) {
      String param = YamlFields.scalar(label, t.getKeyNode(), "unsupported.(key)");
      List<String> choices =
          SectionKey.ALL.stream()
              .filter(k -> param.equals(k.param()) && !k.choices().isEmpty())
              .findFirst()
              .map(SectionKey::choices)
              .orElse(null);
      if (choices == null || out.containsKey(param)) {
        throw new UsageException(
            YamlFields.at(label, t.getKeyNode())
                + "field 'unsupported."
                + param
                + "': "
                + (choices == null
                    ? "not a choice parameter a section key sets (such as " + IO_MODEL_PARAM + ")"
                    : "appears twice"));
      }
      out.put(param, unsupportedValues(label, t.getValueNode(), param, choices));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Unsupported> unsupportedValues(
      String label, Node node, String param, List<String> choices) {
    Map<String, Unsupported> out = new LinkedHashMap<>();
    for (NodeTuple t : YamlFields.mapping(label, node, "unsupported." + param).getValue()) {
      String value = YamlFields.scalar(label, t.getKeyNode(), "unsupported." + param + ".(key)");
      String field = "field 'unsupported." + param + "." + value + "'";
      if (!choices.contains(value) || out.containsKey(value)) {
        throw new UsageException(
            YamlFields.at(label, t.getKeyNode())
                + field
                + (out.containsKey(value) ? " appears twice" : ": expected one of " + choices));
      }
      String reason = YamlFields.scalar(label, t.getValueNode(), field);
      if (reason.isBlank()) {
        throw new UsageException(
            YamlFields.at(label, t.getValueNode())
                + field
                + ": say why the platform did not have it, with a source");
      }
      out.put(value, new Unsupported(reason.strip(), YamlFields.at(label, t.getKeyNode())));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Constant constant(String label, Node node, String prefix) {
    String field = prefix.substring(0, prefix.length() - 1);
    MappingNode m = YamlFields.mapping(label, node, field);
    Map<String, Node> f = YamlFields.fields(label, m, CONSTANT_KEYS, prefix);
    Node valueNode = YamlFields.require(label, m, f, "value", prefix);
    long value = YamlFields.number(label, valueNode, prefix + "value", 0);
    Node sourceNode = f.get("source");
    if (sourceNode == null) {
      throw bad(
          label,
          m,
          prefix + "source",
          " is missing: every constant needs the published source it comes from");
    }
    String source = YamlFields.scalar(label, sourceNode, prefix + "source");
    // "~" is YAML's null in the core schema, which this loader's JSON schema reads as text.
    boolean isNull =
        sourceNode.getTag().getValue().equals("tag:yaml.org,2002:null") || source.equals("~");
    if (source.isBlank() || isNull) {
      throw bad(
          label, sourceNode, prefix + "source", ": must name the published source of the value");
    }
    String status = status(label, m, f.get("status"), prefix);
    if (status.equals(ABSENT) && value != 0) {
      throw bad(
          label,
          valueNode,
          prefix + "value",
          ": a constant whose status is absent (the platform had no such operation) is 0");
    }
    return new Constant(value, status, source.strip(), YamlFields.at(label, valueNode));
  }

  /**
   * The costs of moving an assigned device under a bond: a platform without pass-through or SR-IOV
   * has none of them, and still migrates its para-virtual and emulated VMs.
   */
  private static final Set<String> DEVICE_HOTPLUG_COSTS =
      Set.of("hotUnplugPs", "hotPlugPs", "bondFailoverPs", "bondFailbackPs");

  /** Whether the platform had live migration: no migration cost but a device hot-plug's absent. */
  public boolean hasMigration() {
    return migrationCostNames().stream()
        .filter(name -> DEVICE_HOTPLUG_COSTS.stream().noneMatch(name::endsWith))
        .map(costs::get)
        .noneMatch(c -> c != null && c.status().equals(ABSENT));
  }

  /** "label:line:column: field 'FIELD'MESSAGE" as an error. */
  private static UsageException bad(String label, Node node, String field, String message) {
    return new UsageException(YamlFields.at(label, node) + "field '" + field + "'" + message);
  }

  private static String status(String label, MappingNode m, Node node, String prefix) {
    if (node == null) {
      throw bad(
          label,
          m,
          prefix + "status",
          " is missing: say whether the value was checked, derived or estimated");
    }
    String status = YamlFields.scalar(label, node, prefix + "status");
    if (!STATUSES.contains(status)) {
      throw bad(
          label,
          node,
          prefix + "status",
          ": unknown status '"
              + status
              + "'; expected one of "
              + STATUSES
              + " (checked: the source measured this operation; derived: computed from checked"
              + " values; estimated: a labelled judgement; absent: the platform had none)");
    }
    return status;
  }

  private static String optionalText(String label, Map<String, Node> fields, String key) {
    Node n = fields.get(key);
    return n == null ? "" : YamlFields.scalar(label, n, key);
  }
}
