package io.vioemu.runner;

import io.vioemu.lang.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --progress} and {@code --quiet}: how a run shows its progress on stderr. */
public final class ProgressOptions {
  /** The forms of progress; {@code AUTO} is resolved to {@code BAR} or {@code PLAIN} at start. */
  enum Mode {
    AUTO,
    BAR,
    PLAIN,
    NONE
  }

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Progress on stderr: auto (a bar on a terminal, plain lines otherwise), bar, plain or"
              + " none (default: ${DEFAULT-VALUE}).")
  String progress = "auto";

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing on stderr but errors: no progress, no informational lines.")
  boolean quiet;

  /** The requested mode; a bad value is a usage error (exit 2). */
  public Mode requested() {
    try {
      return Mode.valueOf(progress.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--progress: expected auto, bar, plain or none, was '" + progress + "'");
    }
  }

  /** The progress display for a run, on {@code err}. */
  RunProgress open(PrintStream err, long endPs) {
    Mode mode = quiet ? Mode.NONE : resolve(requested(), terminal());
    return switch (mode) {
      case BAR -> new RunProgress.Bar(err, endPs);
      case PLAIN -> new RunProgress.Plain(err, endPs, System::nanoTime, true);
      default -> new RunProgress.Silent(err, !quiet);
    };
  }

  /** {@code AUTO} is a bar on an interactive terminal and plain lines anywhere else. */
  static Mode resolve(Mode requested, boolean terminal) {
    if (requested != Mode.AUTO) {
      return requested;
    }
    return terminal ? Mode.BAR : Mode.PLAIN;
  }

  private static boolean terminal() {
    return isTerminal(System.console() != null, System.getenv("TERM"), stderrTarget().orElse(null));
  }

  /**
   * A terminal that can redraw a bar: a console, a {@code TERM} other than {@code dumb}, and stderr
   * going to a tty when that can be told ({@code stderrTarget} is where fd 2 points on Linux, null
   * elsewhere; a console only says that stdin and stdout are ttys).
   */
  static boolean isTerminal(boolean console, String term, String stderrTarget) {
    if (!console || term == null || term.isBlank() || term.equals("dumb")) {
      return false;
    }
    return stderrTarget == null
        || stderrTarget.startsWith("/dev/pts/")
        || stderrTarget.startsWith("/dev/tty");
  }

  private static Optional<String> stderrTarget() {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }
}
