package io.vioemu.lang;

import io.vioemu.lang.ParamDecl.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The language's reference rendered from the section keys' declarations ({@link SectionKey#ALL}):
 * each key's description in experiment.schema.json and each section's table in
 * experiments/README.md. Tests compare the shipped files with these, so a key, a range, a default
 * or a doc is changed in one place and the files follow.
 */
final class LanguageReference {
  private LanguageReference() {}

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

  /** What the file may give: "integer ≥ 1", "µs ≥ 0", the choices, "path". */
  private static String value(ParamDecl d) {
    return switch (d.kind()) {
      case COUNT, MICROS, NANOS -> d.kind().unit + " ≥ " + d.min();
      case BOOL, CHOICE ->
          d.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
      case PATH -> d.kind().unit;
    };
  }
}
