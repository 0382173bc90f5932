package io.vioemu.cli;

import picocli.CommandLine.Command;

/** {@code vioemu bench …}: the project's benchmarks. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and print one JSON line.",
    subcommands = {PholdCommand.class, ScaleCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: phold, scale");
  }
}
