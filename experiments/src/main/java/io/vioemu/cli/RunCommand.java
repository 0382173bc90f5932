package io.vioemu.cli;

import java.nio.file.Path;
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

  @Option(names = "--seed", description = "Override the experiment's seed.")
  Long seed;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() throws Exception {
    cluster.validate();
    Experiment experiment = Experiment.load(file);
    return ExperimentRunner.run(experiment, seed, out, cluster);
  }
}
