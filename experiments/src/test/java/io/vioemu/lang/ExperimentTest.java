package io.vioemu.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.MigrationCosts;
import io.vioemu.host.virt.VirtCosts;
import io.vioemu.runner.ClusterOptions;
import io.vioemu.runner.ExperimentRunner;
import io.vioemu.runner.ModelCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

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
misspelt profile     | name: a\\nmodel: phold\\nprofil: x\\nendUs: 5           | :3:1: unknown field 'profil', did you mean 'profile'?
unknown profile      | name: a\\nmodel: phold\\nprofile: xeon-2009-10gbe\\nendUs: 5 | :3:10: field 'profile': unknown profile 'xeon-2009-10gbe', did you mean 'xeon-2008-10gbe'?
missing profile file | name: a\\nmodel: phold\\nprofile: nowhere.yaml\\nendUs: 5 | :3:10: field 'profile': cannot read profile file
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
    assertTrue(e.getMessage().startsWith(f + ":1:1: the file is empty"), e.getMessage());
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
tcp link rate of 0   | model: netperf-star\\nparams:\\n  rateBitsPerSec: 0             | :5:19: field 'params.rateBitsPerSec': rateBitsPerSec must be within 1..
tcp flow to no host  | model: netperf-star\\nparams:\\n  hosts: 3\\n  incastHost: 7    | :6:15: field 'params.incastHost': incastHost must be within -1..2, was 7
unknown netperf test | model: netperf-star\\nparams:\\n  test: TCP_STRAEM              | :5:9: field 'params.test': test must be one of [TCP_STREAM
unknown congestion   | model: netperf-star\\nparams:\\n  tcp.congestion: vegas         | field 'params.tcp.congestion': tcp.congestion must be one of [cubic, newreno]
udp over one packet  | model: netperf-star\\nparams:\\n  test: UDP_STREAM\\n  messageBytes: 9000 | field 'params.messageBytes': messageBytes must be within 1..1472, was 9000
not a boolean        | model: netperf-star\\nparams:\\n  nic.tso: yes                  | field 'params.nic.tso': nic.tso must be true or false, was 'yes'
""")
  void shouldNameLineAndFieldWhenAModelParameterIsBad(String label, String body, String expected)
      throws IOException {
    Path f = write("name: bad\nendUs: 5\n" + body.replace("\\n", "\n") + "\n");
    UsageException e =
        assertThrows(UsageException.class, () -> ModelCheck.checkModel(Experiment.load(f)));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
  }

  @Test
  void shouldSuggestNothingWhenNoNameIsClose() {
    assertTrue(Suggest.closest("zzzzzzzz", List.of("seed", "name")).isEmpty());
    assertEquals("endUs", Suggest.closest("endus", List.of("seed", "endUs")).orElseThrow());
  }

  private Path writeProfile(String yaml) throws IOException {
    Path f = dir.resolve("prof.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static final String HOST_STAR_WITH_PROFILE =
      "name: calibrated\nmodel: host-star\nendUs: 5\nprofile: %s\n";

  static final List<String> BUILT_IN_PROFILES = Profile.BUILT_IN;

  @ParameterizedTest(name = "{0}")
  @FieldSource("BUILT_IN_PROFILES")
  void shouldGiveEveryConstantASourceWhenBuiltInProfileLoads(String name) {
    Profile p = Profile.builtIn(name);
    assertEquals(name, p.name());
    assertFalse(p.description().isBlank(), name + ": description");
    assertEquals(
        new TreeSet<>(Profile.costNames()),
        new TreeSet<>(p.costs().keySet()),
        name + " must set every cost HostCosts and VirtCosts model, and nothing else");
    p.costs()
        .forEach(
            (cost, c) -> {
              assertTrue(c.source().length() > 20, name + "." + cost + ": source too short");
              assertTrue(c.value() >= 0, name + "." + cost);
              assertTrue(Profile.STATUSES.contains(c.status()), name + "." + cost);
              if (c.status().equals(Profile.ABSENT)) {
                assertEquals(0, c.value(), name + "." + cost + " is absent");
                assertTrue(c.source().startsWith("Absent: "), name + "." + cost);
                assertFalse(p.unsupported().isEmpty(), name + " refuses nothing");
              }
              if (c.status().equals("estimated")) {
                assertFalse(c.source().startsWith("Checked"), name + "." + cost);
              }
            });
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("BUILT_IN_PROFILES")
  void shouldDefineEveryHostAndVirtCostWithSourceWhenProfileIsBuiltIn(String name) {
    Profile p = Profile.builtIn(name);
    List<String> missing = new ArrayList<>();
    for (String param : allCostParams()) {
      String cost = param.substring(Profile.PARAM_PREFIX.length());
      Profile.Constant c = p.costs().get(cost);
      if (c == null || c.source().isBlank()) {
        missing.add(cost);
      }
    }
    assertEquals(List.of(), missing, name + " lacks these costs or their sources");
    // the values are usable as they are: both records accept them
    ModelParams params = new ModelParams(name, costParams(p), costSpecs());
    HostCosts host = HostCosts.fromParams(params);
    VirtCosts virt = VirtCosts.fromParams(params);
    assertEquals(p.costs().get("clockHz").value(), host.clockHz());
    assertEquals(p.costs().get("vmExitCycles").value(), virt.vmExitCycles());
    assertEquals(p.costs().get("iommuWalkReadPs").value(), virt.iommuWalkReadPs());
    MigrationCosts migration = MigrationCosts.fromParams(params);
    assertEquals(p.costs().get("resumePs").value(), migration.resumePs());
  }

  private static List<String> allCostParams() {
    List<String> out = concat(HostCosts.paramNames(), VirtCosts.paramNames());
    out.addAll(MigrationCosts.paramNames());
    return out;
  }

  @Test
  void shouldAcceptExactlyHostAndVirtCostParametersWhenListingCostNames() {
    TreeSet<String> expected = new TreeSet<>(allCostParams());
    TreeSet<String> names = new TreeSet<>();
    Profile.costNames().forEach(n -> names.add(Profile.PARAM_PREFIX + n));
    assertEquals(expected, names);
    assertEquals(allCostParams().size(), Profile.costNames().size(), "no cost in both records");
    assertEquals("clockHz", Profile.costNames().get(0), "host costs first, in record order");
    assertEquals(
        Profile.hostCostNames().size(), Profile.costNames().indexOf("vmExitCycles"), "then virt");
  }

  @Test
  void shouldLeaveVirtCostsAtZeroWhenUserProfileOmitsThem() throws IOException {
    Path prof =
        writeProfile(
            """
            name: host-only
            costs:
              clockHz: {value: 2_000_000_000, status: estimated, source: "a test's own clock"}
              rxStackCyclesPerFrame: {value: 1234, status: estimated, source: made up for this test}
              iommuMapCycles: {value: 777, status: estimated, source: made up for this test}
            """);
    Profile p = Profile.select(dir.resolve("exp.yaml"), prof.getFileName().toString(), "x: ");
    assertEquals(
        List.of("clockHz", "rxStackCyclesPerFrame", "iommuMapCycles"),
        List.copyOf(p.costs().keySet()));
    ModelParams params = new ModelParams("test", costParams(p), costSpecs());
    VirtCosts virt = VirtCosts.fromParams(params);
    assertEquals(777, virt.iommuMapCycles());
    assertEquals(0, virt.vmExitCycles(), "missing virt cost");
    assertEquals(0, virt.grantCopyMilliCyclesPerByte(), "missing virt cost");
    HostCosts host = HostCosts.fromParams(params);
    assertEquals(1234, host.rxStackCyclesPerFrame());
    assertEquals(0, host.txStackCyclesPerFrame(), "missing host cost");
  }

  private static List<String> concat(Set<String> a, Set<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<ParamSpec> costSpecs() {
    List<ParamSpec> out = new ArrayList<>(HostCosts.PARAMS);
    out.addAll(VirtCosts.PARAMS);
    out.addAll(MigrationCosts.PARAMS);
    return out;
  }

  private static Map<String, String> costParams(Profile p) {
    Map<String, String> out = new TreeMap<>();
    p.costs().forEach((k, c) -> out.put(Profile.PARAM_PREFIX + k, Long.toString(c.value())));
    return out;
  }

  @Test
  void shouldListEveryShippedProfileWhenResourcesAreEnumerated() throws IOException {
    Path resources = Path.of("src/main/resources", Profile.RESOURCE_DIR);
    try (Stream<Path> files = Files.list(resources)) {
      List<String> shipped =
          files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")).sorted().toList();
      assertEquals(shipped, Profile.BUILT_IN.stream().sorted().toList());
    }
  }

  @Test
  void shouldPassProfileCostsToModelWhenExperimentSelectsBuiltInProfile() throws IOException {
    Experiment e = Experiment.load(write(HOST_STAR_WITH_PROFILE.formatted("xeon-2008-10gbe")));
    ModelCheck.checkModel(e);
    Profile p = Profile.builtIn("xeon-2008-10gbe");
    HostCosts costs =
        HostCosts.fromParams(
            new ModelParams("host-star", e.params(), ModelRegistry.load().parameters("host-star")));
    assertEquals(p.costs().get("rxStackCyclesPerFrame").value(), costs.rxStackCyclesPerFrame());
    assertEquals(p.costs().get("clockHz").value(), costs.clockHz());
    assertEquals(
        p.costs().get("rxCopyMilliCyclesPerByte").value(), costs.rxCopyMilliCyclesPerByte());
    assertEquals(Profile.costNames().size(), e.profileParams().size());
  }

  @Test
  void shouldLetExplicitParamOverrideProfileWhenBothSetACost() throws IOException {
    Path f =
        write(
            HOST_STAR_WITH_PROFILE.formatted("modern-x86-10gbe")
                + "params:\n  cost.rxStackCyclesPerFrame: 777\n");
    Experiment e = Experiment.load(f);
    ModelCheck.checkModel(e);
    assertEquals("777", e.params().get("cost.rxStackCyclesPerFrame"));
    assertFalse(e.profileParams().contains("cost.rxStackCyclesPerFrame"));
    assertTrue(e.where("params.cost.rxStackCyclesPerFrame").startsWith(f + ":6:"));
    HostCosts costs =
        HostCosts.fromParams(
            new ModelParams("host-star", e.params(), ModelRegistry.load().parameters("host-star")));
    assertEquals(777, costs.rxStackCyclesPerFrame());
    assertEquals(
        Profile.builtIn("modern-x86-10gbe").costs().get("txStackCyclesPerFrame").value(),
        costs.txStackCyclesPerFrame());
  }

  @Test
  void shouldReadProfileFileBesideExperimentWhenProfileIsAPath() throws IOException {
    Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(
        dir.resolve("profiles/mine.yaml"),
        """
        name: mine
        description: a test machine
        notes: free text
        costs:
          clockHz: {value: 2_000_000_000, status: checked, source: "a test's own clock"}
          rxStackCyclesPerFrame:
            value: 1234
            status: estimated
            source: made up for this test
        """);
    Experiment e = Experiment.load(write(HOST_STAR_WITH_PROFILE.formatted("profiles/mine.yaml")));
    ModelCheck.checkModel(e);
    assertEquals("mine", e.profile().name());
    assertEquals("2000000000", e.params().get("cost.clockHz"));
    assertEquals("1234", e.params().get("cost.rxStackCyclesPerFrame"));
    assertTrue(
        e.where("params.cost.rxStackCyclesPerFrame")
            .startsWith(dir.resolve("profiles/mine.yaml") + ":7:"),
        e.where("params.cost.rxStackCyclesPerFrame"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
missing source       | clockHz: {value: 3000000000}                    | :3:12: field 'costs.clockHz.source' is missing
empty source         | clockHz: {value: 3000000000, source: ''}        | :3:40: field 'costs.clockHz.source': must name the published source
null source          | clockHz: {value: 3000000000, source: ~}         | :3:40: field 'costs.clockHz.source': must name the published source
json null source     | clockHz: {value: 3000000000, source: null}      | :3:40: field 'costs.clockHz.source': must name the published source
unknown cost         | rxStackCyclePerFrame: {value: 1, source: x}     | :3:3: field 'costs.rxStackCyclePerFrame': unknown cost 'rxStackCyclePerFrame', did you mean 'rxStackCyclesPerFrame'?
unknown virt cost    | vmExitCycle: {value: 1, source: x}              | :3:3: field 'costs.vmExitCycle': unknown cost 'vmExitCycle', did you mean 'vmExitCycles'?
negative virt cost   | iommuWalkReadPs: {value: -1, source: x}         | :3:28: field 'costs.iommuWalkReadPs.value': must be >= 0, was -1
virt cost sourceless | grantPacketCycles: {value: 3000}                | :3:22: field 'costs.grantPacketCycles.source' is missing
unrelated cost       | bananas: {value: 1, source: x}                  | :3:3: field 'costs.bananas': unknown cost 'bananas'; expected one of [clockHz,
negative value       | rxStackCyclesPerFrame: {value: -5, source: x}   | :3:34: field 'costs.rxStackCyclesPerFrame.value': must be >= 0, was -5
fractional value     | rxCopyMilliCyclesPerByte: {value: 2.5, source: x} | :3:37: field 'costs.rxCopyMilliCyclesPerByte.value': expected an integer, got '2.5'
missing value        | clockHz: {source: x}                            | :3:12: field 'costs.clockHz.value' is missing
misspelt source key  | clockHz: {value: 1, sorce: x}                   | :3:23: unknown field 'costs.clockHz.sorce', did you mean 'source'?
bare number          | clockHz: 3000000000                             | :3:12: field 'costs.clockHz': expected a mapping
duplicate cost       | clockHz: {value: 1, source: x}\\n  clockHz: {value: 2, source: y} | :4:3: field 'costs.clockHz' appears twice
missing status       | clockHz: {value: 3000000000, source: x}         | :3:12: field 'costs.clockHz.status' is missing: say whether the value was checked, derived or estimated
unknown status       | clockHz: {value: 1, status: measured, source: x} | :3:31: field 'costs.clockHz.status': unknown status 'measured'; expected one of [checked, derived, estimated, absent]
absent but not 0     | vmExitCycles: {value: 5, status: absent, source: x} | :3:25: field 'costs.vmExitCycles.value': a constant whose status is absent
unsupported not a choice | vmExitCycles: {value: 0, status: absent, source: x}\\nunsupported: {cores: {2: x}} | :4:15: field 'unsupported.cores': not a choice parameter a section key sets
unsupported bad value | vmExitCycles: {value: 0, status: absent, source: x}\\nunsupported: {io.model: {vhost: x}} | :4:26: field 'unsupported.io.model.vhost': expected one of [bare-metal, emulation, virtio, xen, passthrough, sriov]
""")
  void shouldNameProfileFileLineAndFieldWhenAConstantIsBad(
      String label, String cost, String expected) throws IOException {
    Path prof = writeProfile("name: p\ncosts:\n  " + cost.replace("\\n", "\n") + "\n");
    Path f = write(HOST_STAR_WITH_PROFILE.formatted("prof.yaml"));
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(e.getMessage().startsWith(prof.toString() + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
  }

  @Test
  void shouldPointAtProfileLineWhenModelRejectsAProfileValue() throws IOException {
    Path prof =
        writeProfile(
            "name: slow\ncosts:\n  rxStackCyclesPerFrame: {value: 1, status: estimated, source: x}\n"
                + "  clockHz: {value: 0, status: estimated, source: a broken clock}\n");
    Path f = write(HOST_STAR_WITH_PROFILE.formatted("prof.yaml"));
    UsageException e =
        assertThrows(UsageException.class, () -> ModelCheck.checkModel(Experiment.load(f)));
    assertTrue(
        e.getMessage()
            .startsWith(
                prof
                    + ":4:20: field 'costs.clockHz' of profile 'slow' (model parameter"
                    + " cost.clockHz): cost.clockHz must be within 1.."),
        e.getMessage());
  }

  @Test
  void shouldNameProfileLineWhenModelReadsNoCosts() throws IOException {
    Path f = write("name: a\nmodel: phold\nendUs: 5\nprofile: modern-x86-10gbe\n");
    UsageException e =
        assertThrows(UsageException.class, () -> ModelCheck.checkModel(Experiment.load(f)));
    assertTrue(
        e.getMessage()
            .startsWith(
                f
                    + ":4:10: field 'profile': model 'phold' has no CPU cost parameters, so"
                    + " profile 'modern-x86-10gbe' cannot apply to it"),
        e.getMessage());
    assertTrue(e.getMessage().contains("host-star"), e.getMessage());
  }
}
