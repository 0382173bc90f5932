package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output directory is checked, held by one run, and replaced whole without following links. */
class OutputDirTest {
  @TempDir Path tmp;

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void run(Path dir, String metrics) throws IOException {
    new RunFiles()
        .put(RunFiles.METRICS_JSON, metrics)
        .put(RunFiles.REPORT_HTML, "report of " + metrics)
        .put(RunFiles.RUN_JSON, "{}\n")
        .writeTo(dir);
  }

  @Test
  void shouldRefuseTheRootAndAFileWhenGivenAsTheOutput() throws IOException {
    UnusableOutputException root =
        assertThrows(UnusableOutputException.class, () -> OutputDir.lock(Path.of("/")));
    assertTrue(root.getMessage().contains("root directory"), root.getMessage());
    Path file = Files.writeString(tmp.resolve("f"), "x");
    UnusableOutputException notDir =
        assertThrows(UnusableOutputException.class, () -> OutputDir.lock(file));
    assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());
    assertEquals("x", Files.readString(file));
  }

  @Test
  void shouldRefuseTheWorkingDirectoryAndItsParentsWhenGivenAsTheOutput() {
    for (String p : List.of(".", "..", "")) {
      UnusableOutputException e =
          assertThrows(UnusableOutputException.class, () -> OutputDir.lock(Path.of(p)), p);
      assertTrue(e.getMessage().contains("working directory"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseADirectoryOfOtherFilesWhenItIsNotARunsDirectory() throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("thesis.tex"), "x");
    UnusableOutputException e =
        assertThrows(UnusableOutputException.class, () -> OutputDir.lock(mine));
    assertTrue(e.getMessage().contains("thesis.tex"), e.getMessage());
    assertEquals(List.of("thesis.tex"), names(mine));
  }

  @Test
  void shouldRefuseASecondHolderNamingThePidWhenTheDirectoryIsLocked() throws IOException {
    Path dir = tmp.resolve("out");
    try (OutputDir held = OutputDir.lock(dir)) {
      UnusableOutputException e =
          assertThrows(UnusableOutputException.class, () -> OutputDir.lock(dir));
      assertTrue(
          e.getMessage().contains("in use by another run (pid " + ProcessHandle.current().pid()),
          e.getMessage());
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
    OutputDir.lock(dir).close(); // released
  }

  @Test
  void shouldNotTouchALinksTargetWhenPlotsIsALink() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "{\"a\":1}");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("holiday.png"), "png");
    Files.writeString(elsewhere.resolve("drawing.svg"), "svg");
    Files.createSymbolicLink(dir.resolve("plots"), elsewhere);
    run(dir, "{\"a\":2}");
    assertEquals(List.of("drawing.svg", "holiday.png"), names(elsewhere));
    assertEquals("{\"a\":2}", Files.readString(dir.resolve("metrics.json")));
  }

  @Test
  void shouldKeepTheOldDirectoryWholeWhenTheNewOneIsAbandoned() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "{\"a\":1}");
    try (OutputDir out = OutputDir.lock(dir)) {
      OutputDir.Staging s = out.stage();
      s.write(RunFiles.METRICS_JSON, "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
      assertThrows(IllegalArgumentException.class, () -> s.write("../x", new byte[0]));
      s.abandon();
    }
    assertEquals("{\"a\":1}", Files.readString(dir.resolve("metrics.json")));
    assertEquals("report of {\"a\":1}", Files.readString(dir.resolve("report.html")));
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void shouldRestoreTheOldDirectoryWhenARunDiedBetweenTheTwoRenames() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "{\"a\":1}");
    // What a kill -9 between "out -> .out.old-X" and ".out.new-Y -> out" leaves.
    Files.move(dir, tmp.resolve(".out.old-0123456789abcdef"));
    Path half = Files.createDirectories(tmp.resolve(".out.new-fedcba9876543210"));
    Files.writeString(half.resolve("metrics.json"), "{\"a\":2}");
    OutputDir.lock(dir).close();
    assertEquals("{\"a\":1}", Files.readString(dir.resolve("metrics.json")));
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void shouldMoveTheUsersFilesIntoTheNewDirectoryWhenReplacing() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "{\"a\":1}");
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.createSymbolicLink(dir.resolve("link"), tmp.resolve("nowhere"));
    run(dir, "{\"a\":2}");
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertTrue(Files.isSymbolicLink(dir.resolve("link")));
    assertEquals(
        List.of("link", "metrics.json", "notes.txt", "report.html", "run.json"), names(dir));
    assertEquals(List.of(".out.lock", "out"), names(tmp));
    assertFalse(Files.exists(tmp.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
  }
}
