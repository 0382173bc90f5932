package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("exp.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void shouldReadEveryFieldWhenFileIsValid() throws IOException {
    Experiment e =
        Experiment.load(
            write(
                """
                name: small
                model: phold
                seed: -3
                endUs: 1_000
                params:
                  lps: 8
                """));
    assertEquals("small", e.name());
    assertEquals(-3, e.seed());
    assertEquals(1_000_000_000L, e.endPs());
    assertEquals("8", e.params().get("lps"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
misspelt key         | name: a\\nmodel: phold\\nsed: 1\\nendUs: 5                | :3:1: unknown field 'sed', did you mean 'seed'?
unknown key          | name: a\\nmodel: phold\\nendUs: 5\\nbananas: 1            | :4:1: unknown field 'bananas'; expected one of
missing endUs        | name: a\\nmodel: phold                                    | :1:1: field 'endUs' is missing
zero endUs           | name: a\\nmodel: phold\\nendUs: 0                          | :3:8: field 'endUs': must be >= 1, was 0
negative endUs       | name: a\\nmodel: phold\\nendUs: -4                         | :3:8: field 'endUs': must be >= 1, was -4
text for a number    | name: a\\nmodel: phold\\nendUs: soon                       | :3:8: field 'endUs': expected an integer, got 'soon'
list for a name      | name: [a, b]\\nmodel: phold\\nendUs: 5                     | :1:7: field 'name': expected a single value
params not a mapping | name: a\\nmodel: phold\\nendUs: 5\\nparams: 3              | :4:9: field 'params': expected a mapping
duplicate key        | name: a\\nname: b\\nmodel: phold\\nendUs: 5                | :2:1: field 'name' appears twice
bad name             | name: a b\\nmodel: phold\\nendUs: 5                        | :1:7: field 'name': use letters
syntax error         | name: a\\nmodel: [phold\\nendUs: 5                         | YAML syntax error
top level list       | - a\\n- b                                                | field '(top level)': expected a mapping
unsafe tag           | name: !!javax.script.ScriptEngineManager [x]\\nmodel: phold\\nendUs: 5 | :1:7: field 'name': YAML tag 'tag:yaml.org,2002:javax.script.ScriptEngineManager' is not allowed
unsafe scalar tag    | name: !!java.net.URL x\\nmodel: phold\\nendUs: 5         | :1:7: field 'name': YAML tag
""")
  void shouldNameFileLineAndFieldWhenInputIsBad(String label, String yaml, String expected)
      throws IOException {
    Path f = write(yaml.replace("\\n", "\n"));
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
  }

  @Test
  void shouldRejectEmptyFile() throws IOException {
    Path f = write("");
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(e.getMessage().endsWith("the file is empty"), e.getMessage());
  }

  @Test
  void shouldNotCreateResultsWhenModelRejectsParameters() throws Exception {
    Path f =
        write(
            "name: bad\nmodel: phold\nendUs: 5\nparams:\n  lps: 1\n  population: 1\n  remote: 0.1\n"
                + "  lookaheadPs: 1000\n");
    Path out = dir.resolve("out");
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> ExperimentRunner.run(Experiment.load(f), null, out, new ClusterOptions()));
    assertTrue(
        e.getMessage().contains(":5:8: field 'params.lps': lps must be within 2.."),
        e.getMessage());
    assertTrue(Files.notExists(out), "nothing may be written for bad input");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
unknown topology     | model: eth-stra\\nparams:\\n  hosts: 3                          | :3:8: field 'model': unknown model 'eth-stra', did you mean 'eth-star'?
link rate of 0       | model: eth-star\\nparams:\\n  rateBitsPerSec: 0                 | :5:19: field 'params.rateBitsPerSec': rateBitsPerSec must be within 1..
flow to no host      | model: eth-star\\nparams:\\n  hosts: 3\\n  incastHost: 7        | :6:15: field 'params.incastHost': incastHost must be within -1..2, was 7
misspelt parameter   | model: eth-leafspine\\nparams:\\n  spine: 4                     | :5:10: field 'params.spine': unknown eth-leafspine parameter 'spine'
bad cost             | model: host-star\\nparams:\\n  cost.rxStackCyclesPerFrame: -3   | field 'params.cost.rxStackCyclesPerFrame': cost.rxStackCyclesPerFrame must be within 0..
coalescing no timer  | model: host-star\\nparams:\\n  rxCoalesceFrames: 8             | field 'params.rxCoalescePs': rxCoalescePs must be > 0
payload over MTU     | model: eth-star\\nparams:\\n  payloadBytes: 1501              | :5:17: field 'params.payloadBytes': payloadBytes must be within 0..1500, was 1501
""")
  void shouldNameLineAndFieldWhenAModelParameterIsBad(String label, String body, String expected)
      throws IOException {
    Path f = write("name: bad\nendUs: 5\n" + body.replace("\\n", "\n") + "\n");
    UsageException e =
        assertThrows(UsageException.class, () -> ExperimentRunner.checkModel(Experiment.load(f)));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
  }

  @Test
  void shouldSuggestNothingWhenNoNameIsClose() {
    assertTrue(Suggest.closest("zzzzzzzz", java.util.List.of("seed", "name")).isEmpty());
    assertEquals(
        "endUs", Suggest.closest("endus", java.util.List.of("seed", "endUs")).orElseThrow());
  }
}
