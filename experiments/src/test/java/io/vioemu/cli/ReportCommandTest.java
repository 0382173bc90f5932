package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vioemu report DIR [--check]}, in process, on the report fixtures. */
class ReportCommandTest {
  @TempDir Path tmp;

  /** A copy of the single-run fixture: references fair-share (pass), line-rate (fail), vs-reno. */
  private Path single() throws IOException {
    Path from = Path.of("src/test/resources/report/single");
    Path to = tmp.resolve("single");
    Files.createDirectories(to);
    for (String f :
        List.of("metrics.json", "metrics.csv", "run.json", "experiment.yaml", "settings.json")) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    return to;
  }

  @Test
  void shouldPrintEachOutcomeAndTheReportWhenTheDirectoryIsARun() throws IOException {
    Path dir = single();
    InProcessCli.Output o = InProcessCli.vioemu("report", dir.toString());
    assertEquals(Main.EXIT_OK, o.code(), o.err());
    List<String> lines = o.out().lines().toList();
    assertEquals(4, lines.size(), o.out());
    assertTrue(lines.get(0).startsWith("PASS fair-share: "), lines.get(0));
    assertTrue(
        lines.get(1).startsWith("FAIL line-rate: the value 9753728000 is outside"), lines.get(1));
    assertTrue(lines.get(2).startsWith("NOT-EVALUABLE vs-reno: "), lines.get(2));
    assertEquals("report: " + dir.resolve("report.html"), lines.get(3));
    assertTrue(Files.isRegularFile(dir.resolve("report.html")));
  }

  @Test
  void shouldExitOneWithCheckWhenAReferenceFails() throws IOException {
    Path dir = single();
    assertEquals(Main.EXIT_FAILED, InProcessCli.vioemu("report", dir.toString(), "--check").code());
    Files.delete(dir.resolve("experiment.yaml"));
    InProcessCli.Output none = InProcessCli.vioemu("report", "--check", dir.toString());
    assertEquals(Main.EXIT_OK, none.code(), none.err());
  }

  @Test
  void shouldExitTwoNamingTheFileWhenTheDirectoryIsNotARun() throws IOException {
    InProcessCli.Output missing = InProcessCli.vioemu("report", tmp.resolve("nowhere").toString());
    assertEquals(Main.EXIT_USAGE, missing.code());
    assertTrue(missing.err().contains("nowhere: no such directory"), missing.err());

    InProcessCli.Output empty = InProcessCli.vioemu("report", tmp.toString());
    assertEquals(Main.EXIT_USAGE, empty.code());
    assertTrue(empty.err().contains(tmp.resolve("metrics.json") + ": missing"), empty.err());

    Path dir = single();
    Files.writeString(dir.resolve("metrics.json"), "{\"results\": {\"a\": [1");
    InProcessCli.Output corrupt = InProcessCli.vioemu("report", dir.toString());
    assertEquals(Main.EXIT_USAGE, corrupt.code());
    assertTrue(corrupt.err().contains(dir.resolve("metrics.json") + ":1:"), corrupt.err());
  }
}
