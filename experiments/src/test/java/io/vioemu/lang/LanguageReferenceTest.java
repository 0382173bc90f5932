package io.vioemu.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vioemu.fabric.kernel.ParamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped reference (experiment.schema.json, experiments/README.md) says what the section keys,
 * and so the models' parameter declarations, say, and the README's calibration table says what the
 * built-in profiles say: a change to a parameter's range, default or doc, or to a profile's
 * constant, that is not carried to the files fails here. Run with {@code
 * -Dvioemu.reference.update=true} to rewrite both files from the declarations instead (then look at
 * the diff and commit it).
 */
class LanguageReferenceTest {
  static final String UPDATE = "vioemu.reference.update";
  static final Path SCHEMA = Path.of("src/main/resources/vioemu/experiment.schema.json");
  static final Path README = Path.of("README.md");

  @Test
  void shouldRenderTheShippedSchemaAndReadmeWhenTheDeclarationsAreRendered() throws IOException {
    String schema = LanguageReference.schema(Files.readString(SCHEMA));
    String readme =
        CalibrationTable.readme(LanguageReference.readme(Files.readString(README), schema));
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(SCHEMA, schema);
      Files.writeString(README, readme);
      return;
    }
    assertEquals(
        schema,
        Files.readString(SCHEMA),
        SCHEMA + " drifted from the declarations: run with -D" + UPDATE + "=true");
    assertEquals(
        readme,
        Files.readString(README),
        README + " drifted from the declarations: run with -D" + UPDATE + "=true");
  }

  @Test
  void shouldDocumentEveryKeyWhenItIsDeclared() {
    for (SectionKey k : SectionKey.ALL) {
      assertFalse(k.decl().doc().isBlank(), k.path() + " needs a doc");
      assertFalse(k.decl().defaultText().isBlank(), k.path() + " needs a default");
    }
  }

  @Test
  void shouldFindTheParameterInEveryModelsDeclarationsWhenAKeySetsOne() {
    List<String> missing = new ArrayList<>();
    for (SectionKey k : SectionKey.ALL) {
      for (String model : k.models()) {
        if (k.param() != null && ModelDeclarations.spec(model, k.param()).isEmpty()) {
          missing.add(k.path() + " -> " + model + " " + k.param());
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void shouldOfferTheModelsOwnChoicesWhenAKeySetsAChoiceParameter() {
    ParamSpec io = ModelDeclarations.spec("netperf-star", "io.model").orElseThrow();
    assertEquals(io.choices(), SectionKey.at("vms.ioModel").orElseThrow().choices());
    assertEquals(
        List.of("bare-metal", "emulation", "virtio", "xen", "passthrough", "sriov"), io.choices());
  }
}
