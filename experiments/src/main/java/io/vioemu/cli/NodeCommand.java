package io.vioemu.cli;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.runtime.Bootstrap;
import io.vioemu.fabric.runtime.ClusterRuntime;
import io.vioemu.fabric.runtime.NodeSettings;
import io.vioemu.fabric.runtime.TlsSettings;
import io.vioemu.lang.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vioemu node}: one JVM of a cluster, hosting the partitions a runner gives it. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Join a vioemu cluster and host partitions until the runner says stop.")
final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--roles",
      split = ",",
      defaultValue = "host,guest",
      description = "Cluster roles: runner, host, guest (default: ${DEFAULT-VALUE}).")
  List<String> roles;

  @Option(
      names = "--seed-nodes",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Seed nodes to join; none founds a new cluster.")
  List<String> seedNodes = new ArrayList<>();

  @Option(
      names = "--hostname",
      defaultValue = "127.0.0.1",
      description = "Bind address (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Pekko port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--aeron-port",
      defaultValue = "0",
      description =
          "UDP port of this node's Aeron fabric stream; 0 picks a free one (default:"
              + " ${DEFAULT-VALUE}).")
  int aeronPort;

  @Option(
      names = "--aeron-dir",
      paramLabel = "DIR",
      description =
          "Use the Aeron media driver of another vioemu JVM on this machine (its directory)"
              + " instead of starting one: partitions of JVMs that share a driver exchange"
              + " window batches over shared memory (Aeron IPC) instead of UDP.")
  String aeronDir = "";

  @Option(
      names = "--tls",
      paramLabel = "DIR",
      description =
          "Run Pekko's Artery over TLS with mutual authentication, with the keystore.p12,"
              + " truststore.p12 and password files in DIR (config/tls/make-certs.sh writes them;"
              + " the password may come from VIOEMU_TLS_PASSWORD instead). Default: the"
              + " vioemu.runtime.tls settings, which are off.")
  Path tls;

  @Option(
      names = "--bootstrap",
      paramLabel = "MODE",
      description =
          "How to find the cluster: seed-nodes (--seed-nodes, or found one), or kubernetes (Pekko"
              + " Management on its port, Cluster Bootstrap over the Kubernetes API; see k8s/)"
              + " (default: vioemu.runtime.bootstrap, seed-nodes).")
  String bootstrap;

  @Option(
      names = "--pod-name",
      paramLabel = "NAME",
      description =
          "The name this node goes by when a run loses it (a pod's name; default: none, the"
              + " address alone).")
  String podName = "";

  @Option(
      names = "--exit-with-parent",
      description = "Exit when the process that started this one exits.")
  boolean exitWithParent;

  @Option(
      names = "--join-timeout-s",
      defaultValue = "10",
      description = "Give up joining after this many seconds (default: ${DEFAULT-VALUE}).")
  int joinTimeoutS;

  @Override
  public Integer call() throws Exception {
    NodeSettings settings;
    try {
      settings =
          new NodeSettings(
              hostname,
              port,
              seedNodes,
              new LinkedHashSet<>(roles),
              aeronPort,
              aeronDir,
              Bootstrap.configured(bootstrap),
              podName,
              TlsSettings.resolve(tls, ConfigFactory.load()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ClusterRuntime runtime = ClusterRuntime.start(settings);
    // Ctrl-C, SIGTERM or the parent's exit: close Aeron so its ~50 MB directory goes too.
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "vioemu-node-close"));
    if (exitWithParent) {
      ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(3)));
    }
    runtime.prepareFabric();
    try {
      runtime.memberUp().toCompletableFuture().get(joinTimeoutS, TimeUnit.SECONDS);
    } catch (Exception e) {
      runtime.close();
      System.err.println(
          "vioemu: error: cannot join cluster: "
              + (settings.bootstrap() == Bootstrap.KUBERNETES
                  ? "Cluster Bootstrap found no cluster to join and founded none"
                  : "no seed node of " + seedNodes + " answered")
              + " within "
              + joinTimeoutS
              + " s");
      return Main.EXIT_FAILED;
    }
    System.out.println(
        "vioemu node up at "
            + runtime.hostPort()
            + " roles="
            + settings.roles()
            + (settings.tls() == null ? "" : " tls"));
    System.out.flush();
    runtime.terminated().toCompletableFuture().get();
    runtime.close();
    return Main.EXIT_OK;
  }
}
