package io.vioemu.cli;

import io.vioemu.bench.phold.PholdSettings;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import io.vioemu.lang.UsageException;
import io.vioemu.runner.ClusterOptions;
import io.vioemu.runner.LocalCluster;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vioemu bench phold}: the standard parallel-DES benchmark on the kernel. */
@Command(
    name = "phold",
    mixinStandardHelpOptions = true,
    description = "PHOLD: LPs exchanging events with delay = lookahead + Exp(mean).")
final class PholdCommand implements Callable<Integer> {
  @Option(
      names = "--lps",
      defaultValue = "1024",
      description = "Logical processes (default: ${DEFAULT-VALUE}).")
  int lps;

  @Option(
      names = "--population",
      defaultValue = "16",
      description = "Events per LP at start (default: ${DEFAULT-VALUE}).")
  int population;

  @Option(
      names = "--remote",
      defaultValue = "0.1",
      description = "Probability an event goes to another LP (default: ${DEFAULT-VALUE}).")
  double remote;

  @Option(
      names = "--lookahead-ns",
      defaultValue = "1000",
      description = "Lookahead, ns (default: ${DEFAULT-VALUE}).")
  long lookaheadNs;

  @Option(
      names = "--mean-ns",
      description =
          "Mean of the exponential added to the lookahead, ns; 0 = zero slack"
              + " (default: the lookahead).")
  Long meanNs;

  @Option(
      names = "--end-us",
      defaultValue = "1000",
      description = "Simulated end time, µs (default: ${DEFAULT-VALUE}).")
  long endUs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Experiment seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() {
    cluster.validate();
    if (endUs <= 0) {
      throw new UsageException("--end-us must be > 0, was " + endUs);
    }
    if (lookaheadNs <= 0) {
      throw new UsageException("--lookahead-ns must be > 0, was " + lookaheadNs);
    }
    PholdSettings settings;
    try {
      settings =
          new PholdSettings(
              lps,
              population,
              remote,
              lookaheadNs * 1000,
              (meanNs == null ? lookaheadNs : meanNs) * 1000);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    RunSpec spec =
        new RunSpec(
            "phold-" + seed,
            "phold",
            settings.toParams(),
            seed,
            endUs * 1_000_000L,
            cluster.jvms,
            cluster.partitionsPerJvm(lps),
            cluster.workers(1),
            PlacementStrategy.CONTIGUOUS);
    RunResult r = LocalCluster.run(spec, cluster);
    double wallSeconds = r.runNanos() / 1e9;
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"phold\",\"lps\":%d,\"population\":%d,\"remote\":%s,\"lookaheadNs\":%d,\"meanNs\":%d,"
                + "\"endUs\":%d,\"seed\":%d,\"jvms\":%d,\"partitions\":%d,\"events\":%d,\"windows\":%d,\"wallSeconds\":%.3f,"
                + "\"setupSeconds\":%.3f,\"eventsPerSecond\":%.0f,\"checksum\":\"%s\"}",
            lps,
            population,
            Double.toString(remote),
            lookaheadNs,
            settings.meanPs() / 1000,
            endUs,
            seed,
            r.jvms(),
            r.partitions(),
            r.events(),
            r.windows(),
            wallSeconds,
            r.setupNanos() / 1e9,
            r.events() / Math.max(wallSeconds, 1e-9),
            r.checksumHex()));
    return Main.EXIT_OK;
  }
}
