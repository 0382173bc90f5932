package io.vioemu.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The copy of the experiment file in a run directory: its text as given, and what the report reads
 * from it (name, description, profile, references). Missing in directories from before the runner
 * kept a copy, and never trusted to be well formed: problems become a note, not an error.
 *
 * @param text the file's text, or null when the directory has no copy
 * @param root the loaded document, or null when missing or unreadable
 * @param problem why it could not be read, or null
 */
public record ExperimentFile(String text, Object root, String problem) {
  static final ExperimentFile MISSING = new ExperimentFile(null, null, null);

  /** Loads {@code text} safely (plain data only, bounded aliases); never throws. */
  static ExperimentFile of(String label, String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(label)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(50)
            .build();
    try {
      return new ExperimentFile(text, new Load(settings).loadFromString(text), null);
    } catch (YamlEngineException | ClassCastException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      return new ExperimentFile(text, null, why.replaceAll("\\s+", " ").strip());
    }
  }

  public Optional<String> field(String name) {
    if (root instanceof Map<?, ?> m && m.get(name) != null) {
      Object v = m.get(name);
      return v instanceof Map || v instanceof List ? Optional.empty() : Optional.of(v.toString());
    }
    return Optional.empty();
  }

  public List<ParsedReference> references() {
    return ReferenceParser.parse(root);
  }
}
