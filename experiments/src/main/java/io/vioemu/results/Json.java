package io.vioemu.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the JSON files of a run directory (JSON is YAML 1.2) into maps, lists and strings. Scalars
 * stay the text the writer wrote, so a number is never rounded on its way into the report.
 */
final class Json {
  /** metrics.json of a large sweep is several megabytes; the YAML reader's default is 3 MB. */
  private static final int MAX_CODE_POINTS = 512 * 1024 * 1024;

  private Json() {}

  /** The document's tree; {@code label} names the file in errors. */
  static Object parse(String label, String text) throws BadRunDirectoryException {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(label)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(0)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    try {
      Node root =
          new Compose(settings)
              .composeString(text)
              .orElseThrow(() -> new BadRunDirectoryException(label + ": empty file"));
      return tree(root);
    } catch (MarkedYamlEngineException e) {
      throw new BadRunDirectoryException(at(label, e) + "not valid JSON: " + oneLine(e));
    } catch (YamlEngineException e) {
      throw new BadRunDirectoryException(label + ": not valid JSON: " + oneLine(e));
    }
  }

  private static Object tree(Node node) {
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        Object key = tree(t.getKeyNode());
        out.put(String.valueOf(key), tree(t.getValueNode()));
      }
      return out;
    }
    if (node instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      s.getValue().forEach(n -> out.add(tree(n)));
      return out;
    }
    return ((ScalarNode) node).getValue();
  }

  private static String at(String label, MarkedYamlEngineException e) {
    Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
    return m == null
        ? label + ": "
        : label + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
  }

  private static String oneLine(Exception e) {
    MarkedYamlEngineException marked = e instanceof MarkedYamlEngineException m ? m : null;
    String m = marked != null && marked.getProblem() != null ? marked.getProblem() : e.getMessage();
    return (m == null ? e.toString() : m).replaceAll("\\s+", " ").strip();
  }
}
