package io.vioemu.runner;

import io.vioemu.fabric.runtime.NodeSettings;
import io.vioemu.lang.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where a run's partitions live: spawned local JVMs, or an existing cluster. */
public final class ClusterOptions {
  @Option(
      names = "--jvms",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Partitions, one per JVM; with no --seed-nodes, N-1 JVMs are started on loopback"
              + " (default: ${DEFAULT-VALUE}).")
  public int jvms;

  @Option(
      names = "--seed-nodes",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Join an existing cluster of 'vioemu node' processes instead of starting JVMs.")
  List<String> seedNodes = new ArrayList<>();

  public void validate() {
    if (jvms < 1 || jvms > 64) {
      throw new UsageException("--jvms must be within 1..64, was " + jvms);
    }
    for (String s : seedNodes) {
      try {
        NodeSettings.parseHostPort(s);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--seed-nodes: " + e.getMessage());
      }
    }
  }

  NodeSettings runnerSettings() {
    return new NodeSettings("127.0.0.1", 0, seedNodes, Set.of("runner", "host", "guest"), 0);
  }
}
