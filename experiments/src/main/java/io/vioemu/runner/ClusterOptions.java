package io.vioemu.runner;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.runtime.Bootstrap;
import io.vioemu.fabric.runtime.NodeSettings;
import io.vioemu.fabric.runtime.TlsSettings;
import io.vioemu.lang.Messages;
import io.vioemu.lang.UsageException;
import java.nio.file.Path;
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
      names = "--partitions",
      paramLabel = "N",
      description =
          "Partitions per JVM, each a thread of its own (default: the JVM's available processors,"
              + " while each gets 16 entities or more).")
  Integer partitions;

  @Option(
      names = "--workers",
      paramLabel = "K",
      description =
          "Threads per partition, its own included, that run its entities, dealt out each window"
              + " by their last window's cost (default: placement.workersPerPartition, else 1).")
  Integer workers;

  @Option(
      names = "--hostname",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Address this runner's Pekko and Aeron endpoints bind to, for --seed-nodes on other"
              + " hosts (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(
      names = "--node-cpus",
      split = ",",
      hidden = true,
      paramLabel = "CPUS",
      description =
          "taskset core list of each JVM started beside this one, in order, '+' for ','"
              + " (benchmarks pin JVMs with it).")
  List<String> nodeCpus = new ArrayList<>();

  @Option(
      names = "--seed-nodes",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Join an existing cluster of 'vioemu node' processes instead of starting JVMs.")
  List<String> seedNodes = new ArrayList<>();

  @Option(
      names = "--tls",
      paramLabel = "DIR",
      description =
          "Run Pekko's Artery over TLS with mutual authentication (this JVM and the JVMs it"
              + " starts), with the keystore.p12, truststore.p12 and password files in DIR"
              + " (config/tls/make-certs.sh writes them). Default: the vioemu.runtime.tls"
              + " settings, which are off.")
  Path tls;

  private TlsSettings tlsSettings;

  @Option(
      names = "--bootstrap",
      paramLabel = "MODE",
      description =
          "How this runner finds the nodes: seed-nodes (--seed-nodes, or the JVMs it starts), or"
              + " kubernetes (Cluster Bootstrap over the Kubernetes API: it joins the node pods'"
              + " cluster and waits for --jvms - 1 of them; see k8s/) (default:"
              + " vioemu.runtime.bootstrap, seed-nodes).")
  String bootstrap;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "This runner's Pekko port when it joins nodes elsewhere (a pod's declared port); 0 picks"
              + " a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--aeron-port",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "UDP port of this runner's Aeron fabric stream when it joins nodes elsewhere; 0 picks a"
              + " free one (default: ${DEFAULT-VALUE}).")
  int aeronPort;

  private Bootstrap mode = Bootstrap.SEED_NODES;

  public void validate() {
    try {
      mode = Bootstrap.configured(bootstrap);
      runnerSettings();
    } catch (IllegalArgumentException e) {
      throw new UsageException((bootstrap != null ? "--bootstrap: " : "") + Messages.oneLine(e));
    }
    if (jvms < 1 || jvms > 64) {
      throw new UsageException("--jvms must be within 1..64, was " + jvms);
    }
    if (partitions != null && (partitions < 1 || partitions > 256)) {
      throw new UsageException("--partitions must be within 1..256, was " + partitions);
    }
    if (workers != null && (workers < 1 || workers > 256)) {
      throw new UsageException("--workers must be within 1..256, was " + workers);
    }
    for (String s : seedNodes) {
      try {
        NodeSettings.parseHostPort(s);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--seed-nodes: " + e.getMessage());
      }
    }
    try {
      tlsSettings = TlsSettings.resolve(tls, ConfigFactory.load());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The --tls directory, for the JVMs a runner starts; null without one. */
  Path tlsDirectory() {
    return tls;
  }

  /**
   * Below this many entities per partition, a window holds too little work to pay for its barrier:
   * measured on tcp-stream (3 entities, ~5 us of work per window, 812,744 windows), 1 partition
   * took 4.5 s and 2 partitions 8.1 s; the 64-host star (65 entities) gains from a second one.
   */
  static final int MIN_ENTITIES_PER_PARTITION = 16;

  /**
   * Partitions per JVM for a model of {@code entityCount} entities: as asked, or by default one per
   * available processor, as long as each gets {@link #MIN_ENTITIES_PER_PARTITION} entities.
   */
  public int partitionsPerJvm(int entityCount) {
    return partitionsPerJvm(entityCount, 0);
  }

  /** As above, {@code fromFile} (if > 0) deciding when --partitions is not given. */
  public int partitionsPerJvm(int entityCount, int fromFile) {
    if (partitions != null) {
      return partitions;
    }
    if (fromFile > 0) {
      return fromFile;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(1, Math.min(cores, entityCount / (jvms * MIN_ENTITIES_PER_PARTITION)));
  }

  /** Threads per partition: --workers, else {@code fromFile} if > 0, else 1. */
  public int workers(int fromFile) {
    return workers != null ? workers : Math.max(1, fromFile);
  }

  /** The cores the {@code node}-th started JVM (1-based) is pinned to, or null. */
  String nodeCpus(int node) {
    return node - 1 < nodeCpus.size() ? nodeCpus.get(node - 1).replace('+', ',') : null;
  }

  NodeSettings runnerSettings() {
    return new NodeSettings(
        hostname,
        port,
        seedNodes,
        Set.of("runner", "host", "guest"),
        aeronPort,
        "",
        mode,
        "",
        tlsSettings);
  }

  /**
   * Whether the nodes exist already (seed nodes or Kubernetes pods) rather than being started here.
   */
  boolean joinsNodes() {
    return !seedNodes.isEmpty() || mode == Bootstrap.KUBERNETES;
  }

  /** What this runner could not join, for the error that says so. */
  String joinTarget(int timeoutS) {
    return mode == Bootstrap.KUBERNETES
        ? "no node pod with a cluster to join answered Cluster Bootstrap within "
            + timeoutS
            + " s (are the node pods running, ready, and listed by the Kubernetes API?)"
        : "no seed node of " + seedNodes + " answered";
  }
}
