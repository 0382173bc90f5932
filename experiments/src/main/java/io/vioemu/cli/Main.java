package io.vioemu.cli;

import io.vioemu.lang.Messages;
import io.vioemu.lang.UsageException;
import io.vioemu.results.Versions;
import io.vioemu.runner.ReportedFailure;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the vioemu jar. */
@Command(
    name = "vioemu",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deterministic, distributed emulator of networked I/O for virtualized clusters.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      ReportCommand.class,
      ListCommand.class,
      BenchCommand.class,
      NodeCommand.class
    })
public final class Main {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    // Bind the logging backend before Pekko and Aeron start threads that log concurrently.
    LoggerFactory.getILoggerFactory();
    int code;
    try {
      code = execute(args);
    } catch (Throwable e) { // an Error (a JVM set-up problem, say) must not leave threads running
      System.err.println("vioemu: error: " + Messages.oneLine(e));
      code = EXIT_FAILED;
    }
    System.exit(code);
  }

  /** Runs the CLI without exiting, for tests. */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /**
   * Runs the CLI without exiting, printing to {@code out} and {@code err} (null: stdout, stderr).
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setParameterExceptionHandler(Main::onUsageError);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ReportedFailure) {
            return EXIT_FAILED;
          }
          if (e instanceof UsageException) {
            return onUsageError(new CommandLine.ParameterException(cmd, e.getMessage()), args);
          }
          cmd.getErr().println("vioemu: error: " + Messages.oneLine(e));
          return EXIT_FAILED;
        });
    return cli.execute(args);
  }

  private static int onUsageError(CommandLine.ParameterException e, String[] args) {
    printUsageError(e.getCommandLine(), e);
    return EXIT_USAGE;
  }

  /** The one line a bad-input error prints on {@code cmd}'s stderr. */
  static void printUsageError(CommandLine cmd, Throwable e) {
    cmd.getErr()
        .println(
            "vioemu: error: "
                + Messages.oneLine(e)
                + " (see '"
                + cmd.getCommandSpec().qualifiedName()
                + " --help')");
    cmd.getErr().flush();
  }

  /** Reads the version Maven put into the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vioemu " + Versions.vioemu()};
    }
  }
}
