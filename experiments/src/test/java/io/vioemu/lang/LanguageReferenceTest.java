package io.vioemu.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.netperf.NetperfTest;
import io.vioemu.host.virt.IoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped reference (experiment.schema.json, experiments/README.md) says what the section keys'
 * declarations say: a change to a key's range, default or doc that is not carried to the files
 * fails here, with the text to paste.
 */
class LanguageReferenceTest {
  private static final List<String> KEY_VALUE_SECTIONS =
      SectionKey.SECTIONS.stream()
          .filter(s -> !List.of("schedule", "reference").contains(s))
          .toList();

  @Test
  void shouldDocumentEveryKeyWhenItIsDeclared() {
    for (SectionKey k : SectionKey.ALL) {
      assertFalse(k.decl().doc().isBlank(), k.path() + " needs a doc");
      assertFalse(k.decl().defaultText().isBlank(), k.path() + " needs a default");
    }
  }

  @Test
  void shouldShowTheDeclaredTableWhenTheReadmeDocumentsASection() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (String section : KEY_VALUE_SECTIONS) {
      assertEquals(
          LanguageReference.readmeTable(section),
          table(readme, section),
          "README.md's table of '" + section + "' drifted from SectionKey; expected the above");
    }
  }

  /** The table that follows {@code ### section}: its lines up to the first that is not a row. */
  private static String table(String readme, String section) {
    int heading = readme.indexOf("\n### " + section + "\n");
    int from = readme.indexOf("\n| key |", heading) + 1;
    StringBuilder t = new StringBuilder();
    for (String line : readme.substring(from).split("\n", -1)) {
      if (!line.startsWith("|")) {
        break;
      }
      t.append(line).append('\n');
    }
    return t.toString();
  }

  @Test
  void shouldGiveTheDeclaredDescriptionWhenTheSchemaDescribesAKey() throws IOException {
    Map<String, String> shipped = new LinkedHashMap<>();
    Map<String, String> declared = new LinkedHashMap<>();
    for (String section : KEY_VALUE_SECTIONS) {
      descriptions(
          ExperimentSchemaTest.properties(ExperimentSchemaTest.schema()), section, shipped);
    }
    SectionKey.ALL.forEach(k -> declared.put(k.path(), LanguageReference.schemaDescription(k)));
    assertEquals(declared, shipped);
  }

  @SuppressWarnings("unchecked")
  private static void descriptions(
      Map<String, Object> props, String path, Map<String, String> out) {
    Map<String, Object> node =
        (Map<String, Object>) props.get(path.substring(path.lastIndexOf('.') + 1));
    if (SectionKey.at(path).isPresent()) {
      out.put(path, (String) node.get("description"));
      return;
    }
    Map<String, Object> children = ExperimentSchemaTest.properties(node);
    for (String child : children.keySet()) {
      descriptions(children, path + "." + child, out);
    }
  }

  @Test
  void shouldOfferTheModelsOwnNamesWhenAKeyListsNetperfChoices() {
    assertEquals(
        Arrays.stream(IoModel.values()).map(IoModel::paramName).toList(), SectionKey.IO_MODELS);
    assertEquals(
        Arrays.stream(DmaStrategy.values()).map(DmaStrategy::configName).toList(),
        SectionKey.DMA_STRATEGIES);
    assertEquals(
        Arrays.stream(NetperfTest.values()).map(NetperfTest::name).toList(),
        SectionKey.NETPERF_TESTS);
  }
}
