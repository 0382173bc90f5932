package io.vioemu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the CLI in this JVM and captures what it prints, for tests of every package. */
public final class InProcessCli {
  private InProcessCli() {}

  /** The exit code and what the command printed on stdout and stderr. */
  public record Output(int code, String out, String err) {
    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  public static Output vioemu(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Output(code, out.toString(), err.toString());
  }
}
