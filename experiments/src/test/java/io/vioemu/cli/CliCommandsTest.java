package io.vioemu.cli;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli.Output;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Setting;
import io.vioemu.lang.UsageException;
import io.vioemu.runner.ModelCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code validate}, {@code list} and {@code --set}, in process. */
class CliCommandsTest {
  static final Path LIBRARY = Path.of("library");

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private static final String PHOLD =
      "name: small\nmodel: phold\nseed: 3\nendUs: 10\nparams:\n  lps: 8\n  population: 2\n";

  private static final String NETPERF =
      "name: net\nmodel: netperf-star\nprofile: modern-x86-10gbe\nendUs: 10\nparams:\n"
          + "  hosts: 3\n  rateBitsPerSec: 10000000000\n";

  private Experiment load(Path f, String... sets) {
    return Experiment.load(f, Setting.parseAll(List.of(sets)));
  }

  // validate

  @Test
  void shouldPrintOkForEachFileWhenAllAreValid() throws IOException {
    Path a = write("a.yaml", PHOLD);
    Path b = write("b.yaml", NETPERF);
    Output o = vioemu("validate", a.toString(), b.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(a + ": ok\n" + b + ": ok\n", o.out().replace("\r\n", "\n"));
    assertEquals("", o.err());
  }

  @Test
  void shouldReportEveryBadFileAndExitTwoWhenSomeAreInvalid() throws IOException {
    Path good = write("good.yaml", PHOLD);
    Path bad = write("bad.yaml", PHOLD.replace("lps: 8", "lps: 1"));
    Path worse = write("worse.yaml", "name: w\nmodel: phold\nendUs: 0\n");
    Output o = vioemu("validate", bad.toString(), good.toString(), worse.toString());
    assertEquals(Main.EXIT_USAGE, o.code());
    assertEquals(good + ": ok", o.out().strip());
    assertEquals(2, o.errLines().size(), o.err());
    assertTrue(
        o.errLines().get(0).startsWith("vioemu: error: " + bad + ":6:8: field 'params.lps': lps"),
        o.err());
    assertTrue(
        o.errLines().get(1).startsWith("vioemu: error: " + worse + ":3:8: field 'endUs'"), o.err());
  }

  @Test
  void shouldCheckModelParametersWhenValidating() throws IOException {
    // the file parses; only the model refuses it: validate must build the model as run does
    Path f = write("net.yaml", NETPERF.replace("hosts: 3", "hosts: 3\n  incastHost: 3"));
    Output o = vioemu("validate", f.toString());
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(o.err().contains(f + ":7:15: field 'params.incastHost'"), o.err());
  }

  @Test
  void shouldNameMissingFileWhenValidating() {
    Output o = vioemu("validate", dir.resolve("nowhere.yaml").toString());
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(o.err().contains("nowhere.yaml: no such file"), o.err());
  }

  @Test
  void shouldAskForAFileWhenValidateHasNone() {
    Output o = vioemu("validate");
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(o.err().startsWith("vioemu: error: Missing required parameter"), o.err());
  }

  @Test
  void shouldAcceptEveryLibraryFileWhenValidated() throws IOException {
    List<String> args = new ArrayList<>(List.of("validate"));
    ListCommand.yamlFiles(LIBRARY).forEach(f -> args.add(f.toString()));
    assertTrue(args.size() > 5, "library files: " + args);
    Output o = vioemu(args.toArray(String[]::new));
    assertEquals(0, o.code(), o.err());
    assertEquals(args.size() - 1, o.out().lines().filter(l -> l.endsWith(": ok")).count());
  }

  @Test
  void shouldNameEveryLibraryFileAfterItsExperimentWhenListed() throws IOException {
    // so that 'list' shows names that 'run experiments/library/NAME.yaml' accepts
    for (Path f : ListCommand.yamlFiles(LIBRARY)) {
      Experiment e = Experiment.load(f);
      assertEquals(f.getFileName().toString(), e.name() + ".yaml");
      assertFalse(e.description().isBlank(), f + " needs a description");
    }
  }

  @Test
  void shouldDescribeQuickstartAsTheIssueAsksWhenLoaded() {
    Experiment e = Experiment.load(LIBRARY.resolve("quickstart.yaml"));
    ModelCheck.checkModel(e);
    assertEquals("netperf-star", e.model());
    assertEquals("modern-x86-10gbe", e.profile().name());
    assertEquals("2", e.params().get("hosts"));
    assertEquals("virtio", e.params().get("io.model"));
    assertEquals("all", e.params().get("io.vmHosts"));
    assertEquals("TCP_STREAM", e.params().get("test"));
    assertTrue(e.endPs() <= 200_000_000_000L, "short enough for a laptop");
  }

  // --set

  @Test
  void shouldOverrideTopLevelFieldsWhenSetIsGiven() throws IOException {
    Path f = write("exp.yaml", PHOLD);
    Experiment e =
        load(
            f,
            "seed=-9",
            "endUs=1_000",
            "name=renamed",
            "description=from the command line",
            "model=ties",
            "params.lps=x",
            "params.lps=16");
    assertEquals(-9, e.seed());
    assertEquals(1_000_000_000L, e.endPs());
    assertEquals("renamed", e.name());
    assertEquals("from the command line", e.description());
    assertEquals("ties", e.model());
    assertEquals("16", e.params().get("lps"), "the last --set wins");
    assertEquals(f + ": --set model=ties: ", e.where("model"));
  }

  @Test
  void shouldOverrideParametersWithOrWithoutPrefixWhenSetIsGiven() throws IOException {
    Path f = write("exp.yaml", NETPERF);
    Experiment e = load(f, "hosts=4", "params.tcp.congestion=newreno", "cost.clockHz=2000000000");
    ModelCheck.checkModel(e);
    assertEquals("4", e.params().get("hosts"));
    assertEquals("newreno", e.params().get("tcp.congestion"));
    assertEquals("10000000000", e.params().get("rateBitsPerSec"), "untouched");
    assertEquals(f + ": --set hosts=4: ", e.where("params.hosts"));
    assertEquals("2000000000", e.params().get("cost.clockHz"), "over the profile's");
    assertFalse(e.profileParams().contains("cost.clockHz"));
    assertTrue(e.profileParams().contains("cost.rxStackCyclesPerFrame"));
  }

  @Test
  void shouldSupplyMissingFieldWhenSetIsGiven() throws IOException {
    Path f = write("exp.yaml", "name: a\nmodel: phold\n");
    assertEquals(7_000_000L, load(f, "endUs=7").endPs());
  }

  @Test
  void shouldSelectProfileRelativeToWorkingDirectoryWhenSetNamesAFile() throws IOException {
    Path prof =
        write(
            "mine.yaml",
            "name: mine\ncosts:\n  clockHz: {value: 2_000_000_000, status: estimated, source: a test clock}\n");
    Path f = write("exp.yaml", NETPERF);
    String relative = Path.of("").toAbsolutePath().relativize(prof).toString();
    Experiment e = load(f, "profile=" + relative);
    assertEquals("mine", e.profile().name());
    assertEquals("2000000000", e.params().get("cost.clockHz"));
    assertEquals(f + ": --set profile=" + relative + ": ", e.where("profile"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
no equals sign      | seed          | --set 'seed': expected KEY=VALUE
empty key           | =3            | --set '=3': expected KEY=VALUE
empty params key    | params.=3     | --set 'params.=3': expected KEY=VALUE
whole params        | params=3      | --set 'params=3': field 'params' is a mapping; set one parameter with --set params.NAME=VALUE
""")
  void shouldNameTheArgumentWhenSetIsMalformed(String label, String arg, String expected) {
    UsageException e = assertThrows(UsageException.class, () -> Setting.parse(arg), label);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
zero endUs          | endUs=0                  | --set endUs=0: field 'endUs': must be >= 1, was 0
text seed           | seed=soon                | --set seed=soon: field 'seed': expected an integer, got 'soon'
bad name            | name=../x                | --set name=../x: field 'name': use letters
unknown model       | model=netperf-stra       | --set model=netperf-stra: field 'model': unknown model 'netperf-stra', did you mean 'netperf-star'?
unknown profile     | profile=modern-x86-40gbe | --set profile=modern-x86-40gbe: field 'profile': unknown profile 'modern-x86-40gbe', did you mean 'modern-x86-10gbe'?
rate of 0           | rateBitsPerSec=0         | --set rateBitsPerSec=0: field 'params.rateBitsPerSec': rateBitsPerSec must be within 1..
prefixed rate of 0  | params.rateBitsPerSec=0  | --set params.rateBitsPerSec=0: field 'params.rateBitsPerSec': rateBitsPerSec must be within 1..
flow to no host     | incastHost=3             | --set incastHost=3: field 'params.incastHost': incastHost must be within -1..2, was 3
not a boolean       | nic.tso=yes              | --set nic.tso=yes: field 'params.nic.tso': nic.tso must be true or false, was 'yes'
misspelt field      | sed=3                    | --set sed=3: unknown field 'sed', did you mean 'seed'? (not a top-level field, nor a netperf-star parameter)
misspelt parameter  | params.hots=3            | --set params.hots=3: field 'params.hots': unknown netperf-star parameter 'hots'
""")
  void shouldNameTheSetArgumentWhenItsValueIsBad(String label, String arg, String expected)
      throws IOException {
    Path f = write("exp.yaml", NETPERF);
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> ValidateCommand.check(f, Setting.parseAll(List.of(arg))),
            label);
    assertTrue(e.getMessage().startsWith(f + ": " + expected), label + ": " + e.getMessage());
  }

  @Test
  void shouldExitTwoNamingTheSetArgumentWhenValidateGetsABadOne() throws IOException {
    Path f = write("exp.yaml", PHOLD);
    Output o = vioemu("validate", f.toString(), "--set", "endUs=-1");
    assertEquals(Main.EXIT_USAGE, o.code());
    assertEquals(
        List.of(
            "vioemu: error: "
                + f
                + ": --set endUs=-1: field 'endUs': must be >= 1, was -1 (see 'vioemu validate"
                + " --help')"),
        o.errLines());
    Output malformed = vioemu("validate", f.toString(), "--set", "endUs");
    assertEquals(Main.EXIT_USAGE, malformed.code());
    assertTrue(malformed.err().startsWith("vioemu: error: --set 'endUs': expected"), o.err());
    Output ok = vioemu("validate", f.toString(), "--set", "lps=16", "--set", "endUs=1");
    assertEquals(0, ok.code(), ok.err());
  }

  @Test
  void shouldRefuseBadSetBeforeAnythingRunsWhenRunGetsOne() throws IOException {
    Path f = write("exp.yaml", PHOLD);
    Path out = dir.resolve("out");
    Output o = vioemu("run", f.toString(), "--out", out.toString(), "--set", "lps=1");
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(
        o.err().startsWith("vioemu: error: " + f + ": --set lps=1: field 'params.lps': lps must"),
        o.err());
    assertTrue(Files.notExists(out));
  }

  @Test
  void shouldRunWithOverriddenValuesWhenRunGetsSet() throws IOException {
    Path f = write("exp.yaml", "name: tiny\nmodel: ties\nendUs: 1000\n");
    Path out = dir.resolve("out");
    Output o =
        vioemu(
            "run",
            f.toString(),
            "--out",
            out.toString(),
            "--set",
            "endUs=3",
            "--set",
            "seed=11",
            "--set",
            "params.entities=4");
    assertEquals(0, o.code(), o.err());
    String json = Files.readString(out.resolve("metrics.json"));
    assertTrue(json.contains("\"seed\":11,\"endPs\":3000000,"), json);
    assertTrue(json.contains("\"params\":{\"entities\":\"4\"}"), json);
  }

  // list

  @Test
  void shouldListNamesAndDescriptionsSortedWhenDirHasExperiments() throws IOException {
    write("z.yaml", "name: alpha\ndescription: the first\nmodel: phold\nendUs: 1\n");
    write("a.yaml", "name: beta\ndescription: the second\nmodel: phold\nendUs: 1\n");
    write("notes.txt", "not an experiment");
    Output o = vioemu("list", "--dir", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(List.of("alpha  the first", "beta   the second"), o.out().lines().toList());
    assertTrue(o.err().contains("2 experiments in " + dir), o.err());
  }

  @Test
  void shouldListTheLibraryWhenRunInTheSourceTree() {
    Output o = vioemu("list");
    assertEquals(0, o.code(), o.err());
    List<String> lines = o.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("quickstart +two hosts, one virtio VM.*")));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("phold ")), o.out());
    assertEquals(lines.stream().sorted().toList(), lines, "sorted");
  }

  @Test
  void shouldListTheGoodFilesAndExitTwoWhenOneIsBroken() throws IOException {
    write("good.yaml", "name: good\ndescription: fine\nmodel: phold\nendUs: 1\n");
    Path bad = write("bad.yaml", "name: bad\nmodel: phold\nendUs: 0\n");
    Output o = vioemu("list", "--dir", dir.toString());
    assertEquals(Main.EXIT_USAGE, o.code());
    assertEquals(List.of("good  fine"), o.out().lines().toList());
    assertTrue(o.err().contains("vioemu: error: " + bad + ":3:8: field 'endUs'"), o.err());
  }

  @Test
  void shouldFindLibraryBesideTheJarWhenWorkingDirectoryHasNone() throws IOException {
    Path tree = dir.resolve("checkout");
    Path library = Files.createDirectories(tree.resolve("experiments/library"));
    Files.writeString(library.resolve("x.yaml"), "name: x\nmodel: phold\nendUs: 1\n");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path jar = tree.resolve("experiments/target/vioemu.jar");
    List<Path> candidates = ListCommand.candidates(elsewhere, Optional.of(jar));
    assertEquals(Optional.of(library), ListCommand.find(candidates));
    assertEquals(
        Optional.empty(), ListCommand.find(ListCommand.candidates(elsewhere, Optional.empty())));
  }

  @Test
  void shouldSayWhereItLookedWhenNoLibraryIsFound() {
    Output o = vioemu("list", "--dir", dir.resolve("none").toString());
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(o.err().contains("none: not a directory"), o.err());
  }
}
