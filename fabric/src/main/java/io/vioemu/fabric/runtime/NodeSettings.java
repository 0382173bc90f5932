package io.vioemu.fabric.runtime;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one vioemu JVM joins its cluster, validated once.
 *
 * @param hostname the address Pekko and Aeron bind to (loopback by default)
 * @param port the Pekko port; 0 picks a free one
 * @param seedNodes {@code host:port} of seed nodes; empty means this node starts a new cluster
 * @param roles cluster roles: {@code runner}, {@code host}, {@code guest}
 * @param aeronPort the UDP port of this node's Aeron fabric subscription; 0 picks a free one
 * @param aeronDir the directory of another JVM's media driver on this machine to use instead of
 *     starting one (partitions on JVMs sharing a driver exchange batches over Aeron IPC); empty:
 *     start an embedded driver
 * @param bootstrap how the cluster is found: seed nodes (or none, founding one), or Kubernetes
 * @param podName the name this node goes by in failure messages (a pod's name), or empty
 * @param tls Artery over TLS with these files, or null for plain TCP (the local default)
 */
public record NodeSettings(
    String hostname,
    int port,
    List<String> seedNodes,
    Set<String> roles,
    int aeronPort,
    String aeronDir,
    Bootstrap bootstrap,
    String podName,
    TlsSettings tls) {
  private static final Set<String> KNOWN_ROLES = Set.of("runner", "host", "guest");

  public NodeSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (aeronPort < 0 || aeronPort > 65535) {
      throw new IllegalArgumentException("Aeron port must be 0..65535, was " + aeronPort);
    }
    for (String seed : seedNodes) {
      parseHostPort(seed);
    }
    for (String role : roles) {
      if (!KNOWN_ROLES.contains(role)) {
        throw new IllegalArgumentException(
            "unknown role '" + role + "' (known: " + new TreeSet<>(KNOWN_ROLES) + ")");
      }
    }
    bootstrap = bootstrap == null ? Bootstrap.SEED_NODES : bootstrap;
    if (bootstrap == Bootstrap.KUBERNETES && !seedNodes.isEmpty()) {
      throw new IllegalArgumentException(
          "seed nodes " + seedNodes + " and the kubernetes bootstrap exclude each other");
    }
    podName = podName == null ? "" : podName;
    if (!podName.matches("[a-z0-9.-]{0,253}")) {
      throw new IllegalArgumentException(
          "pod name '" + podName + "' is not a Kubernetes name (a-z, 0-9, '-', '.')");
    }
    seedNodes = List.copyOf(seedNodes);
    roles = Set.copyOf(roles);
    aeronDir = aeronDir == null ? "" : aeronDir;
  }

  /**
   * A node joining by seed nodes (or founding a cluster), with a driver given or its own, on plain
   * TCP.
   */
  public NodeSettings(
      String hostname,
      int port,
      List<String> seedNodes,
      Set<String> roles,
      int aeronPort,
      String aeronDir) {
    this(hostname, port, seedNodes, roles, aeronPort, aeronDir, Bootstrap.SEED_NODES, "", null);
  }

  /** A node with an embedded media driver of its own, on plain TCP. */
  public NodeSettings(
      String hostname, int port, List<String> seedNodes, Set<String> roles, int aeronPort) {
    this(hostname, port, seedNodes, roles, aeronPort, "");
  }

  /** The embedded default: a one-node cluster on loopback. */
  public static NodeSettings embedded() {
    return new NodeSettings("127.0.0.1", 0, List.of(), Set.of("runner", "host", "guest"), 0);
  }

  /** Checks a {@code host:port} string, returning the port. */
  public static int parseHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "seed node '" + hostPort + "' has a port that is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' has port outside 1..65535");
    }
    return port;
  }
}
