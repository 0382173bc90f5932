package io.vioemu.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The JSON Schema of the experiment language (shipped as {@code vioemu/experiment.schema.json}):
 * every library file conforms, and its fields cannot drift from {@link Experiment}'s. The checker
 * below implements only the keywords the schema uses, and refuses any other.
 */
class ExperimentSchemaTest {
  static final Path LIBRARY = Path.of("library");
  static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "required",
          "properties",
          "additionalProperties",
          "enum",
          "minimum",
          "pattern",
          "items",
          "minItems",
          "maxItems");
  static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description");

  @SuppressWarnings("unchecked")
  static Map<String, Object> schema() throws IOException {
    try (InputStream in =
        ExperimentSchemaTest.class.getResourceAsStream("/vioemu/experiment.schema.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(json);
    }
  }

  /**
   * A document as a YAML 1.2 editor sees it (core schema): plain integers, floats, booleans and
   * nulls are typed, everything else (quoted, or {@code 1_000}) is a string.
   */
  static Object value(Node node) {
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        out.put(((ScalarNode) t.getKeyNode()).getValue(), value(t.getValueNode()));
      }
      return out;
    }
    if (node instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      s.getValue().forEach(n -> out.add(value(n)));
      return out;
    }
    ScalarNode s = (ScalarNode) node;
    String v = s.getValue();
    if (s.getScalarStyle() != ScalarStyle.PLAIN) {
      return v;
    }
    if (v.matches("[-+]?[0-9]+")) {
      return Long.parseLong(v);
    }
    if (v.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
      return Double.parseDouble(v);
    }
    if (v.matches("true|True|TRUE|false|False|FALSE")) {
      return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }
    if (v.matches("null|Null|NULL|~|")) {
      return null;
    }
    return v;
  }

  /** Appends to {@code errors} every way {@code value} breaks {@code schema}. */
  @SuppressWarnings("unchecked")
  static void check(Object value, Map<String, Object> schema, String path, List<String> errors) {
    for (String k : schema.keySet()) {
      if (!KEYWORDS.contains(k) && !ANNOTATIONS.contains(k)) {
        throw new AssertionError(path + ": the checker does not implement keyword '" + k + "'");
      }
    }
    if (schema.containsKey("type")) {
      Object t = schema.get("type");
      List<String> types = t instanceof List<?> l ? (List<String>) l : List.of((String) t);
      if (types.stream().noneMatch(type -> hasType(value, type))) {
        errors.add(path + ": expected " + types + ", got " + value);
        return;
      }
    }
    if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).contains(value)) {
      errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (schema.containsKey("minimum") && value instanceof Number n) {
      if (n.doubleValue() < ((Number) schema.get("minimum")).doubleValue()) {
        errors.add(path + ": " + n + " is below " + schema.get("minimum"));
      }
    }
    if (schema.containsKey("pattern") && value instanceof String s) {
      if (!Pattern.compile((String) schema.get("pattern")).matcher(s).find()) {
        errors.add(path + ": '" + s + "' does not match " + schema.get("pattern"));
      }
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
      for (String r : (List<String>) schema.getOrDefault("required", List.of())) {
        if (!m.containsKey(r)) {
          errors.add(path + ": '" + r + "' is required");
        }
      }
      Object extra = schema.getOrDefault("additionalProperties", true);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = (String) e.getKey();
        String at = path + "." + key;
        if (props.containsKey(key)) {
          check(e.getValue(), (Map<String, Object>) props.get(key), at, errors);
        } else if (Boolean.FALSE.equals(extra)) {
          errors.add(at + ": not allowed");
        } else if (extra instanceof Map<?, ?> sub) {
          check(e.getValue(), (Map<String, Object>) sub, at, errors);
        }
      }
    }
    if (value instanceof List<?> l && schema.containsKey("minItems")) {
      if (l.size() < ((Number) schema.get("minItems")).intValue()) {
        errors.add(path + ": fewer than " + schema.get("minItems") + " items");
      }
    }
    if (value instanceof List<?> l && schema.containsKey("maxItems")) {
      if (l.size() > ((Number) schema.get("maxItems")).intValue()) {
        errors.add(path + ": more than " + schema.get("maxItems") + " items");
      }
    }
    if (value instanceof List<?> l && schema.containsKey("items")) {
      for (int i = 0; i < l.size(); i++) {
        check(l.get(i), (Map<String, Object>) schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }

  private static boolean hasType(Object v, String type) {
    return switch (type) {
      case "object" -> v instanceof Map;
      case "array" -> v instanceof List;
      case "string" -> v instanceof String;
      case "integer" -> v instanceof Long || v instanceof Integer;
      case "number" -> v instanceof Number;
      case "boolean" -> v instanceof Boolean;
      case "null" -> v == null;
      default -> throw new AssertionError("unknown type " + type);
    };
  }

  static List<String> errors(String label, String yaml) throws IOException {
    List<String> errors = new ArrayList<>();
    check(value(SafeYaml.compose(label, yaml)), schema(), "$", errors);
    return errors;
  }

  @Test
  void shouldAcceptEveryLibraryFileWhenCheckedAgainstTheSchema() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(LIBRARY)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 8, "library files: " + files);
    for (Path f : files) {
      assertEquals(List.of(), errors(f.toString(), Files.readString(f)), f.toString());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldListExactlyTheLoadersTopLevelFieldsWhenComparedWithExperiment() throws IOException {
    Map<String, Object> props = (Map<String, Object>) schema().get("properties");
    assertEquals(new TreeSet<>(ExperimentLoader.TOP_KEYS), new TreeSet<>(props.keySet()));
    Map<String, Object> sweep = (Map<String, Object>) props.get("sweep");
    assertEquals(
        new TreeSet<>(Sweep.KEYS),
        new TreeSet<>(((Map<String, Object>) sweep.get("properties")).keySet()));
    assertEquals(
        Sweep.MODES,
        ((Map<String, Object>) ((Map<String, Object>) sweep.get("properties")).get("mode"))
            .get("enum"));
    assertEquals(
        new TreeSet<>(ModelRegistry.load().names()),
        new TreeSet<>((List<String>) ((Map<String, Object>) props.get("model")).get("enum")));
  }

  @Test
  void shouldCopyTheShippedSchemaWhenTheReadmeShowsIt() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String begin = "<!-- schema:begin -->\n```json\n";
    int from = readme.indexOf(begin);
    int to = readme.indexOf("```\n<!-- schema:end -->");
    assertTrue(from >= 0 && to > from, "README.md has no schema block");
    try (InputStream in =
        ExperimentSchemaTest.class.getResourceAsStream("/vioemu/experiment.schema.json")) {
      assertEquals(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          readme.substring(from + begin.length(), to));
    }
  }

  @Test
  void shouldReportBadShapesWhenAFileBreaksTheSchema() throws IOException {
    List<String> e =
        errors(
            "bad.yaml",
            "name: a/b\nmodel: nope\nendUs: 0\nsed: 3\nparams: {hosts: [2]}\n"
                + "sweep: {mode: zip, params: {hosts: 2}}\nrepetitions: x\n");
    assertEquals(
        List.of(
            "$.name: 'a/b' does not match ^[A-Za-z0-9._-]+$",
            "$.model: nope is not one of [phold, ties, eth-star, eth-leafspine, host-star,"
                + " netperf-star, netperf-cluster]",
            "$.endUs: 0 is below 1",
            "$.sed: not allowed",
            "$.params.hosts: expected [string, number, boolean], got [2]",
            "$.sweep.mode: zip is not one of [cartesian, zipped]",
            "$.sweep.params.hosts: expected [array], got 2",
            "$.repetitions: 'x' does not match ^[+]?[0-9][0-9_]*$"),
        e);
    assertFalse(errors("m.yaml", "model: ties\n").isEmpty());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> schema) {
    return (Map<String, Object>) schema.get("properties");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Map<String, Object> schema, String key) {
    return (Map<String, Object>) schema.get(key);
  }

  /** Each section's keys, types, enums and minimums are exactly {@link SectionKey#ALL}'s. */
  @Test
  void shouldDescribeEverySectionKeyWhenComparedWithTheLoadersTable() throws IOException {
    Map<String, Object> top = properties(schema());
    for (String section : SectionKey.SECTIONS) {
      if (!List.of("schedule", "reference").contains(section)) {
        compareGroup(sub(top, section), section);
      }
    }
  }

  private static void compareGroup(Map<String, Object> schema, String prefix) {
    assertEquals("object", schema.get("type"), prefix);
    assertEquals(false, schema.get("additionalProperties"), prefix + " refuses unknown keys");
    Map<String, Object> props = properties(schema);
    assertEquals(new TreeSet<>(SectionKey.children(prefix)), new TreeSet<>(props.keySet()), prefix);
    for (String child : props.keySet()) {
      String path = prefix + "." + child;
      if (SectionKey.isGroup(path)) {
        compareGroup(sub(props, child), path);
      } else {
        compareLeaf(sub(props, child), SectionKey.at(path).orElseThrow());
      }
    }
  }

  private static void compareLeaf(Map<String, Object> schema, SectionKey k) {
    String p = k.path();
    assertTrue(schema.get("description") instanceof String, p + " needs a description");
    switch (k.kind()) {
      case COUNT, MICROS, NANOS -> {
        assertEquals(List.of("integer", "string"), schema.get("type"), p);
        assertEquals(k.min(), ((Number) schema.get("minimum")).longValue(), p);
      }
      case BOOL -> assertEquals("boolean", schema.get("type"), p);
      case CHOICE -> {
        assertEquals("string", schema.get("type"), p);
        assertEquals(k.choices(), schema.get("enum"), p);
      }
      case PATH -> assertEquals("string", schema.get("type"), p);
    }
    if (k.param() != null) {
      assertTrue(
          ((String) schema.get("description")).contains("Sets " + k.param()),
          p + " must say which parameter it sets");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldDescribeScheduleAndReferenceEntriesWhenComparedWithTheLoader() throws IOException {
    Map<String, Object> top = properties(schema());
    Map<String, Object> event = sub(sub(top, "schedule"), "items");
    assertEquals(Schedule.KEYS, List.copyOf(properties(event).keySet()));
    assertEquals(List.of("atUs"), event.get("required"));
    assertEquals(false, event.get("additionalProperties"));
    Map<String, Object> ref = sub(sub(top, "reference"), "items");
    assertEquals(ReferenceSection.KEYS, List.copyOf(properties(ref).keySet()));
    assertEquals(List.of("id", "source", "metric", "value", "tolerance"), ref.get("required"));
    assertEquals(false, ref.get("additionalProperties"));
    assertEquals(ReferenceSection.AGGREGATES, sub(properties(ref), "aggregate").get("enum"));
    assertEquals(
        "^" + ReferenceSection.ID_PATTERN + "$", sub(properties(ref), "id").get("pattern"));
    assertEquals(
        "^(" + ReferenceSection.METRIC_PATTERN + ")$",
        sub(properties(ref), "metric").get("pattern"));
  }

  @Test
  void shouldReportBadSectionShapesWhenAFileBreaksTheSchema() throws IOException {
    List<String> e =
        errors(
            "bad.yaml",
            """
            name: a
            model: netperf-star
            endUs: 10
            topology: {hosts: 1, switch: {bufer: 3}}
            hosts: {nic: {tso: yes}}
            vms: {ioModel: virtoi}
            schedule:
              - {atUs: -1, start: some}
              - {stop: [x]}
            reference:
              - {id: A, source: s, metric: goodput, value: 1, tolerance: -1, aggregate: median}
              - {id: b}
            placement: {strategy: random}
            """);
    assertEquals(
        List.of(
            "$.topology.hosts: 1 is below 2",
            "$.topology.switch.bufer: not allowed",
            "$.hosts.nic.tso: expected [boolean], got yes",
            "$.vms.ioModel: virtoi is not one of [bare-metal, emulation, virtio, xen, passthrough,"
                + " sriov]",
            "$.schedule[0].atUs: -1 is below 0",
            "$.schedule[0].start: 'some' does not match ^(all|[+]?[0-9][0-9_]*)$",
            "$.schedule[1]: 'atUs' is required",
            "$.schedule[1].stop[0]: 'x' does not match ^[+]?[0-9][0-9_]*$",
            "$.reference[0].id: 'A' does not match ^[a-z0-9-]+$",
            "$.reference[0].metric: 'goodput' does not match"
                + " ^(results\\.\\S+|entities\\.[0-9]+\\.\\S+)$",
            "$.reference[0].tolerance: -1 is below 0",
            "$.reference[0].aggregate: median is not one of [each, min, max, mean]",
            "$.reference[1]: 'source' is required",
            "$.reference[1]: 'metric' is required",
            "$.reference[1]: 'value' is required",
            "$.reference[1]: 'tolerance' is required",
            "$.placement.strategy: random is not one of [contiguous, round-robin, vms-apart, by-rack]"),
        e);
  }

  /**
   * The README's complete example loads (the lowering accepts it, the model is not built) and
   * conforms to the schema.
   */
  @Test
  void shouldAcceptTheReadmesCompleteExampleWhenLoadedAndCheckedAgainstTheSchema(@TempDir Path dir)
      throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String begin = "<!-- example:begin -->\n```yaml\n";
    int from = readme.indexOf(begin);
    int to = readme.indexOf("```\n<!-- example:end -->");
    assertTrue(from >= 0 && to > from, "README.md has no complete example");
    String yaml = readme.substring(from + begin.length(), to);
    assertEquals(List.of(), errors("README example", yaml));
    Path f = dir.resolve("example.yaml");
    Files.writeString(f, yaml);
    Experiment e = Experiment.load(f);
    assertFalse(e.references().isEmpty());
    assertTrue(e.params().keySet().stream().anyMatch(k -> k.startsWith("flow.")), "a schedule");
  }

  /** Every key of the language is in the README's reference, by its full path. */
  @Test
  void shouldDocumentEverySectionKeyWhenTheReadmeIsRead() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    List<String> missing = new ArrayList<>();
    for (SectionKey k : SectionKey.ALL) {
      if (!readme.contains("`" + k.path() + "`")) {
        missing.add(k.path());
      }
    }
    for (String k : Schedule.KEYS) {
      if (!readme.contains("`" + k + "`")) {
        missing.add("schedule." + k);
      }
    }
    for (String k : ReferenceSection.KEYS) {
      if (!readme.contains("`" + k + "`")) {
        missing.add("reference." + k);
      }
    }
    assertEquals(List.of(), missing);
  }
}
