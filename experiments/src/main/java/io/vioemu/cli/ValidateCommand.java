package io.vioemu.cli;

import io.vioemu.lang.Experiment;
import io.vioemu.lang.Setting;
import io.vioemu.lang.UsageException;
import io.vioemu.runner.ModelCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vioemu validate FILE...}: every check {@code run} makes before anything runs (the YAML,
 * the fields, the profile, the model's parameters), and nothing else: no JVM, no results.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check experiment files as 'run' does before it starts anything, without running them.",
      "Prints 'FILE: ok' for each valid file and one error line for each invalid one;"
          + " exit code 0 if all are valid, 2 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Experiment YAML files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "Override a field or parameter of every FILE, as 'run --set' does; repeatable."
      })
  List<String> sets = new ArrayList<>();

  @Spec CommandSpec spec;

  /**
   * The checks {@code run} makes before it starts anything, every sweep point's included; throws
   * {@link UsageException}.
   */
  static Experiment check(Path file, List<Setting> settings) {
    Experiment e = Experiment.load(file, settings);
    ModelCheck.checkAll(e);
    return e;
  }

  @Override
  public Integer call() {
    List<Setting> settings = Setting.parseAll(sets);
    PrintWriter out = spec.commandLine().getOut();
    int invalid = 0;
    for (Path f : files) {
      try {
        check(f, settings);
        out.println(f + ": ok");
      } catch (UsageException e) {
        invalid++;
        out.flush();
        Main.printUsageError(spec.commandLine(), e);
      }
    }
    out.flush();
    return invalid == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
  }
}
