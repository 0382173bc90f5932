package io.vioemu.lang;

import static java.util.stream.Collectors.joining;

import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.lang.ParamDecl.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The language's reference rendered from the section keys ({@link SectionKey#ALL}) and so from the
 * models' parameter declarations: the keys of each section in experiment.schema.json (with their
 * type, minimum, choices and description) and each section's table in experiments/README.md, whose
 * schema block copies the schema. {@code LanguageReferenceTest} fails when a shipped file differs
 * from what this renders, and rewrites both files when run with {@code
 * -Dvioemu.reference.update=true}; a parameter, range, default or doc is changed in one place.
 */
final class LanguageReference {
  private LanguageReference() {}

  /** The descriptions of the sub-sections, which declare no parameter of their own. */
  static final Map<String, String> GROUP_DOCS =
      Map.of(
          "topology.switch", "The switch.",
          "topology.failure", "Failures: how routing reacts to them.",
          "hosts.nic", "Every host's NIC.",
          "hosts.iommu",
              "Every host's IOMMU: hardware geometry, and the DMA strategy of the host's own OS.",
          "workload.tcp", "TCP settings of every connection.");

  private static final String README_SCHEMA_BEGIN = "<!-- schema:begin -->\n```json\n";
  private static final String README_SCHEMA_END = "```\n<!-- schema:end -->";

  /**
   * {@code schema} (the text of experiment.schema.json) with the properties of every key-value
   * section rendered from the section keys; the rest of the file is kept as it is.
   */
  static String schema(String schema) {
    String out = schema;
    for (String section : SectionKey.SECTIONS) {
      if (section.equals("schedule") || section.equals("reference")) {
        continue;
      }
      int key = out.indexOf("\n    \"" + section + "\": {\n");
      String open = "\n      \"properties\": {\n";
      int from = out.indexOf(open, key);
      int to = out.indexOf("\n      }\n", from + 1);
      if (key < 0 || from < 0 || to < 0) {
        throw new IllegalStateException("the schema has no properties of section " + section);
      }
      StringBuilder body = new StringBuilder();
      children(section, 8, body);
      out = out.substring(0, from + open.length()) + body + out.substring(to + 1);
    }
    return out;
  }

  /** The keys and sub-sections under {@code prefix}, each line indented by {@code indent}. */
  private static void children(String prefix, int indent, StringBuilder out) {
    List<String> names = SectionKey.children(prefix);
    String pad = " ".repeat(indent);
    for (int i = 0; i < names.size(); i++) {
      String path = prefix + "." + names.get(i);
      out.append(pad).append(json(names.get(i))).append(": {\n");
      if (SectionKey.isGroup(path)) {
        String doc = GROUP_DOCS.get(path);
        if (doc == null) {
          throw new IllegalStateException("add a description of " + path + " to GROUP_DOCS");
        }
        out.append(pad).append("  \"description\": ").append(json(doc)).append(",\n");
        out.append(pad).append("  \"type\": \"object\",\n");
        out.append(pad).append("  \"additionalProperties\": false,\n");
        out.append(pad).append("  \"properties\": {\n");
        children(path, indent + 4, out);
        out.append(pad).append("  }\n");
      } else {
        leaf(SectionKey.at(path).orElseThrow(), pad + "  ", out);
      }
      out.append(pad).append(i == names.size() - 1 ? "}\n" : "},\n");
    }
  }

  private static void leaf(SectionKey k, String pad, StringBuilder out) {
    ParamDecl d = k.decl();
    out.append(pad).append("\"description\": ").append(json(schemaDescription(k))).append(",\n");
    switch (d.kind()) {
      case COUNT, MICROS, NANOS -> {
        out.append(pad).append("\"type\": [\"integer\", \"string\"],\n");
        out.append(pad).append("\"minimum\": ").append(d.min()).append(",\n");
        String sign = d.min() < 0 ? "-+" : "+";
        out.append(pad).append("\"pattern\": \"^[").append(sign).append("]?[0-9][0-9_]*$\"\n");
      }
      case BOOL -> out.append(pad).append("\"type\": \"boolean\"\n");
      case CHOICE -> {
        out.append(pad).append("\"type\": \"string\",\n");
        out.append(pad).append("\"enum\": [");
        out.append(d.choices().stream().map(LanguageReference::json).collect(joining(", ")));
        out.append("]\n");
      }
      case PATH -> out.append(pad).append("\"type\": \"string\"\n");
      case TABLE -> {
        out.append(pad).append("\"type\": \"array\",\n");
        out.append(pad).append("\"minItems\": 1,\n");
        out.append(pad).append("\"items\": {\"type\": \"array\", \"minItems\": 2,");
        out.append(" \"maxItems\": 2, \"items\": {\"type\": [\"number\", \"string\"]}}\n");
      }
    }
  }

  /** A JSON string. */
  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * {@code readme} (the text of experiments/README.md) with each section's table rendered from the
   * section keys, and its schema block a copy of {@code schema}.
   */
  static String readme(String readme, String schema) {
    String out = readme;
    for (String section : SectionKey.SECTIONS) {
      if (section.equals("schedule") || section.equals("reference")) {
        continue;
      }
      int heading = out.indexOf("\n### " + section + "\n");
      int from = out.indexOf("\n| key |", heading) + 1;
      if (heading < 0 || from <= 0) {
        throw new IllegalStateException("README.md has no table of section " + section);
      }
      int to = from;
      while (to < out.length() && out.startsWith("|", to)) {
        to = out.indexOf('\n', to) + 1;
      }
      out = out.substring(0, from) + readmeTable(section) + out.substring(to);
    }
    for (String model : ModelDeclarations.models()) {
      String begin = String.format(MODEL_TABLE_BEGIN, model);
      int at = out.indexOf(begin);
      int end = out.indexOf(String.format(MODEL_TABLE_END, model));
      if (at < 0 || end < at) {
        throw new IllegalStateException("README.md has no parameter table of model " + model);
      }
      out = out.substring(0, at + begin.length()) + modelTable(model) + out.substring(end);
    }
    int from = out.indexOf(README_SCHEMA_BEGIN);
    int to = out.indexOf(README_SCHEMA_END);
    if (from < 0 || to < from) {
      throw new IllegalStateException("README.md has no schema block");
    }
    return out.substring(0, from + README_SCHEMA_BEGIN.length()) + schema + out.substring(to);
  }

  /** The JSON schema's description of a key: its doc, the parameter it sets, its models. */
  static String schemaDescription(SectionKey k) {
    StringBuilder d = new StringBuilder(k.decl().doc());
    if (k.param() != null) {
      d.append(" Sets ").append(k.param());
      if (k.kind() == Kind.MICROS || k.kind() == Kind.NANOS) {
        d.append(k.kind() == Kind.MICROS ? " (us to ps)" : " (ns to ps)");
      }
      d.append('.');
    }
    if (!k.models().isEmpty()) {
      d.append(" Models: ").append(String.join(", ", k.models())).append('.');
    }
    return d.toString();
  }

  /**
   * The README's table of {@code section}: key, parameter, value, default, meaning, and the models
   * when they differ between the section's keys. Each line ends with a line break.
   */
  static String readmeTable(String section) {
    List<SectionKey> keys =
        SectionKey.ALL.stream().filter(k -> k.path().startsWith(section + ".")).toList();
    Set<Set<String>> modelSets = new HashSet<>();
    keys.forEach(k -> modelSets.add(k.models()));
    boolean models = modelSets.size() > 1;
    StringBuilder t = new StringBuilder("| key | sets | value | default | meaning |");
    t.append(models ? " models |\n" : "\n").append("|---|---|---|---|---|");
    t.append(models ? "---|\n" : "\n");
    for (SectionKey k : keys) {
      t.append("| `").append(k.path()).append("` | ");
      t.append(k.param() == null ? "—" : "`" + k.param() + "`").append(" | ");
      t.append(value(k.decl())).append(" | ");
      t.append(k.decl().defaultText()).append(" | ").append(k.decl().doc()).append(" |");
      if (models) {
        t.append(' ').append(k.models().isEmpty() ? "all" : String.join(", ", k.models()));
        t.append(" |");
      }
      t.append('\n');
    }
    return t.toString();
  }

  /**
   * The README's table of the parameters {@code model} declares, in its order: name, value, default
   * and doc. The {@code cost.*} cycle counts with the generic doc share one row.
   */
  static String modelTable(String model) {
    StringBuilder t = new StringBuilder("| parameter | value | default | meaning |\n");
    t.append("|---|---|---|---|\n");
    List<ParamSpec> costs = new ArrayList<>();
    for (ParamSpec s : ModelDeclarations.of(model)) {
      if (s.name().startsWith("cost.") && s.doc().endsWith(COST_DOC)) {
        if (costs.isEmpty()) {
          t.append(COST_ROW);
        }
        costs.add(s);
        continue;
      }
      t.append("| `").append(s.name()).append("` | ").append(modelValue(s)).append(" | ");
      t.append(modelDefault(s)).append(" | ").append(s.doc()).append(" |\n");
    }
    return t.toString();
  }

  private static final String COST_DOC = "cost, normally from the calibration profile.";
  private static final String COST_ROW =
      "| `cost.*` | integer ≥ 0 | `0` | CPU costs in cycles (or thousandths of a cycle per byte),"
          + " normally from a [calibration profile](#calibration-profiles) |\n";

  private static final String MODEL_TABLE_BEGIN = "<!-- params:%s:begin -->\n";
  private static final String MODEL_TABLE_END = "<!-- params:%s:end -->";

  /** What the model accepts: "integer 1..1024", "ps ≥ 0", the choices. */
  private static String modelValue(ParamSpec s) {
    return switch (s.type()) {
      case INTEGER, DECIMAL -> s.type().unit() + " " + range(s.min(), s.max(), false);
      case DURATION_PS -> "time " + range(s.min(), s.max(), true);
      case BOOLEAN, CHOICE -> s.choices().stream().map(c -> "`" + c + "`").collect(joining(", "));
      case TABLE -> "table `x:y,x:y,...`";
    };
  }

  private static String range(long min, long max, boolean time) {
    String lo = time ? duration(min) : Long.toString(min);
    return max >= 1L << 40 ? "≥ " + lo : lo + ".." + (time ? duration(max) : Long.toString(max));
  }

  private static String modelDefault(ParamSpec s) {
    if (!s.defaultNote().isEmpty()) {
      return s.defaultNote();
    }
    return "`"
        + (s.type() == ParamSpec.Type.DURATION_PS
            ? duration(Long.parseLong(s.defaultValue()))
            : s.defaultValue())
        + "`";
  }

  /** Picoseconds in the largest unit that keeps them whole: "40 ms", "250 ns", "0". */
  static String duration(long ps) {
    if (ps == 0) {
      return "0";
    }
    long[] factors = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    String[] units = {"s", "ms", "µs", "ns"};
    for (int i = 0; i < factors.length; i++) {
      if (ps % factors[i] == 0) {
        return ps / factors[i] + " " + units[i];
      }
    }
    return ps + " ps";
  }

  /** What the file may give: "integer ≥ 1", "µs ≥ 0", the choices, "path". */
  private static String value(ParamDecl d) {
    return switch (d.kind()) {
      case COUNT, MICROS, NANOS -> d.kind().unit + " ≥ " + d.min();
      case BOOL, CHOICE -> d.choices().stream().map(c -> "`" + c + "`").collect(joining(", "));
      case PATH -> d.kind().unit;
      case TABLE -> "list of `[x, y]` rows";
    };
  }
}
