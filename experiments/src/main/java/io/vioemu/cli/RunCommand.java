package io.vioemu.cli;

import io.vioemu.lang.Experiment;
import io.vioemu.lang.Setting;
import io.vioemu.lang.UsageException;
import io.vioemu.runner.ClusterOptions;
import io.vioemu.runner.ExperimentRunner;
import io.vioemu.runner.ProgressOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vioemu run FILE}: runs an experiment file and writes its results. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run an experiment file.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Experiment YAML file.")
  Path file;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Results directory (default: results/<name>).")
  Path out;

  @Option(names = "--seed", description = "Override the experiment's seed (wins over --set seed).")
  Long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "Override a top-level field (name, description, model, profile, seed, endUs, repetitions)"
            + " or a model"
            + " parameter (params.NAME=VALUE, or NAME=VALUE); repeatable, the last one wins."
            + " Checked like the file's own values."
      })
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--max-wall",
      paramLabel = "SECONDS",
      description =
          "Stop the run (every sweep point together) after this much wall time: exit code 1,"
              + " nothing written (default: the file's outputs.maxWallSeconds, else no limit).")
  Long maxWallSeconds;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public Integer call() throws Exception {
    cluster.validate();
    if (maxWallSeconds != null && maxWallSeconds < 1) {
      throw new UsageException("--max-wall must be >= 1 second, was " + maxWallSeconds);
    }
    progress.requested();
    Experiment experiment = Experiment.load(file, Setting.parseAll(sets));
    return ExperimentRunner.run(experiment, seed, out, cluster, progress, maxWallSeconds);
  }
}
