package io.vioemu.runner;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli;
import io.vioemu.cli.Main;
import io.vioemu.runner.ProgressLines.Point;
import io.vioemu.runner.ProgressOptions.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain progress lines over (fake) wall time, and how --progress and --quiet choose a display. */
class RunProgressTest {
  private static final long SECOND_NS = 1_000_000_000L;
  private static final long END_PS = 10_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong(1_000 * SECOND_NS);
  private final AtomicLong safePs = new AtomicLong();

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private RunProgress.Plain plain() {
    return new RunProgress.Plain(err, END_PS, clock::get, false);
  }

  @Test
  void shouldPrintALineAtMostEveryFiveSecondsWhenASingleRunGoesOn() {
    try (RunProgress.Plain p = plain()) {
      p.pointStarted(Point.single(), safePs::get);
      for (int s = 1; s <= 12; s++) {
        clock.addAndGet(SECOND_NS);
        safePs.addAndGet(END_PS / 20);
        p.tick();
      }
      p.pointFinished(Point.single(), 12 * SECOND_NS);
    }
    assertEquals(
        List.of(
            "simulated 2.5 ms of 10.0 ms (25%), 5.0 s wall, ETA 15.0 s",
            "simulated 5.0 ms of 10.0 ms (50%), 10.0 s wall, ETA 10.0 s"),
        lines(),
        "a single run's end prints nothing: its results follow on stdout");
  }

  @Test
  void shouldPrintOneLinePerPointAndNoProgressLineWhenPointsAreQuick() {
    try (RunProgress.Plain p = plain()) {
      for (int i = 0; i < 3; i++) {
        Point point = new Point(i, 3, "entities=" + (4 << i));
        p.pointStarted(point, safePs::get);
        for (int t = 0; t < 4; t++) {
          clock.addAndGet(SECOND_NS);
          p.tick();
        }
        p.pointFinished(point, 4 * SECOND_NS);
      }
    }
    assertEquals(
        List.of(
            "point 1/3 entities=4: 4.00 s (4.0 s wall so far, ETA 8.0 s)",
            "point 2/3 entities=8: 4.00 s (8.0 s wall so far, ETA 4.0 s)",
            "point 3/3 entities=16: 4.00 s (12.0 s wall in all)"),
        lines());
  }

  @Test
  void shouldCountTheQuietTimeFromTheLastLineOfAnyKindWhenAPointIsLong() {
    try (RunProgress.Plain p = plain()) {
      p.note("vioemu: running x.yaml");
      Point first = new Point(0, 2, "a=1");
      p.pointStarted(first, safePs::get);
      clock.addAndGet(3 * SECOND_NS);
      p.note("vioemu: 2 nodes ready");
      clock.addAndGet(4 * SECOND_NS);
      p.tick();
      assertEquals(2, lines().size(), "4 s after the last line: " + lines());
      clock.addAndGet(SECOND_NS);
      safePs.set(END_PS / 2);
      p.tick();
      assertEquals(
          "point 1/2 a=1: simulated 5.0 ms of 10.0 ms (50%), 8.0 s wall, ETA 24.0 s",
          lines().get(2));
    }
  }

  @Test
  void shouldPrintNothingButErrorsWhenQuiet() {
    try (RunProgress quiet = new RunProgress.Silent(err, false)) {
      quiet.note("vioemu: running x.yaml");
      quiet.pointStarted(Point.single(), safePs::get);
      quiet.pointFinished(Point.single(), SECOND_NS);
      quiet.error("vioemu: error: lost node");
    }
    assertEquals(List.of("vioemu: error: lost node"), lines());
  }

  @Test
  void shouldKeepInformationalLinesWhenProgressIsNone() {
    try (RunProgress none = new RunProgress.Silent(err, true)) {
      none.note("vioemu: running x.yaml");
      none.pointStarted(new Point(0, 2, "a=1"), safePs::get);
      none.pointFinished(new Point(0, 2, "a=1"), SECOND_NS);
    }
    assertEquals(List.of("vioemu: running x.yaml"), lines());
  }

  @Test
  void shouldDrawABarOnlyOnARealTerminalWhenAuto() {
    assertEquals(Mode.BAR, ProgressOptions.resolve(Mode.AUTO, true));
    assertEquals(Mode.PLAIN, ProgressOptions.resolve(Mode.AUTO, false));
    assertEquals(Mode.BAR, ProgressOptions.resolve(Mode.BAR, false), "asked for");
    assertEquals(Mode.NONE, ProgressOptions.resolve(Mode.NONE, true));
    assertTrue(ProgressOptions.isTerminal(true, "xterm-256color", "/dev/pts/3"));
    assertTrue(ProgressOptions.isTerminal(true, "xterm", null), "fd 2 unknown: trust the console");
    assertFalse(ProgressOptions.isTerminal(false, "xterm", "/dev/pts/3"), "no console");
    assertFalse(ProgressOptions.isTerminal(true, "dumb", "/dev/pts/3"));
    assertFalse(ProgressOptions.isTerminal(true, null, "/dev/pts/3"));
    assertFalse(
        ProgressOptions.isTerminal(true, "xterm", "/tmp/run.log"), "stderr into a file: plain");
  }

  @Test
  void shouldExitTwoNamingTheChoicesWhenProgressIsUnknown(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("x.yaml"), "name: x\nmodel: ties\nendUs: 1\n");
    InProcessCli.Output o = vioemu("run", f.toString(), "--progress", "fancy");
    assertEquals(Main.EXIT_USAGE, o.code());
    assertTrue(
        o.err().startsWith("vioemu: error: --progress: expected auto, bar, plain or none, was"),
        o.err());
    assertTrue(Files.notExists(Path.of("results", "x")), "nothing ran");
  }
}
