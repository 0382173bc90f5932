package io.vioemu.cli;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli.Output;
import io.vioemu.results.OutputDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, failures 2 and 4: results go only where they belong, checked before anything runs, and
 * one run at a time writes a directory.
 */
class OutputConfinementTest {
  @TempDir Path dir;

  private static final String PHOLD =
      "name: small\nmodel: phold\nseed: 3\nendUs: 10\nparams:\n  lps: 8\n  population: 2\n";

  private Path experiment() throws IOException {
    return Files.writeString(dir.resolve("small.yaml"), PHOLD);
  }

  private static void assertOneLine(Output o, String expected) {
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.errLines().size(), o.err());
    assertTrue(o.err().startsWith("vioemu: error: "), o.err());
    assertTrue(o.err().contains(expected), "expected '" + expected + "' in " + o.err());
  }

  @Test
  void shouldRefuseANameOfDotsWhenItWouldLeaveTheResultsDirectory() throws IOException {
    Output o = vioemu("run", experiment().toString(), "--set", "name=..");
    assertOneLine(o, "field 'name'");
    assertTrue(o.err().contains(":1:1:") || o.err().contains("--set"), o.err());
  }

  @Test
  void shouldRefuseAnOutputsDirOutsideTheWorkingDirectoryWhenSet() throws IOException {
    Output o = vioemu("run", experiment().toString(), "--set", "outputs.dir=../../x");
    assertOneLine(o, "field 'outputs.dir'");
  }

  @Test
  void shouldRefuseTheRootBeforeRunningWhenGivenAsOut() throws IOException {
    Output o = vioemu("run", experiment().toString(), "--out", "/");
    assertOneLine(o, "output directory /: the root directory cannot hold a run's results");
  }

  @Test
  void shouldRefuseAFileBeforeRunningWhenGivenAsOut() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "mine");
    Output o = vioemu("run", experiment().toString(), "--out", file.toString());
    assertOneLine(o, "output directory " + file + ": exists and is not a directory");
    assertEquals("mine", Files.readString(file));
  }

  @Test
  void shouldExitTwoNamingTheHolderWhenAnotherRunHoldsTheDirectory() throws IOException {
    Path out = dir.resolve("out");
    try (OutputDir held = OutputDir.lock(out)) {
      Output o = vioemu("run", experiment().toString(), "--out", out.toString());
      assertOneLine(o, "output directory " + out + ": in use by another run (pid ");
      assertTrue(o.err().contains(Long.toString(ProcessHandle.current().pid())), o.err());
      Output r = vioemu("report", out.toString());
      assertEquals(2, r.code(), r.err());
    }
    assertFalse(Files.exists(out.resolve("metrics.json")));
    Output ok = vioemu("run", experiment().toString(), "--out", out.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(Files.isRegularFile(out.resolve("report.html")));
  }
}
