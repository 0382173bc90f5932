package io.vioemu.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Addresses for "pods" on this machine: a network namespace each, joined by veth pairs to a bridge
 * that holds the host's address (where the test's Kubernetes API listens), as pods on one node's
 * bridge. Without the rights to create them (not root), loopback addresses of this namespace
 * instead, which the rehearsal says it fell back to ({@code -Dvioemu.rehearsal.loopback=true} asks
 * for that path). {@link #close} removes everything it created.
 */
final class PodNetwork implements AutoCloseable {
  private final String tag;
  private final int subnet;
  private final int pods;
  private final boolean namespaces;
  private final String fallbackReason;
  private final List<String> created = new ArrayList<>();

  private PodNetwork(int pods) {
    long pid = ProcessHandle.current().pid();
    this.tag = Long.toString(pid % 46_656, 36);
    this.subnet = (int) (pid % 250) + 1;
    this.pods = pods;
    String reason = null;
    if (Boolean.getBoolean("vioemu.rehearsal.loopback")) {
      reason = "asked for by -Dvioemu.rehearsal.loopback=true";
    } else {
      try {
        createNamespaces();
      } catch (IOException | RuntimeException e) {
        reason = e.getMessage();
        removeNamespaces();
      }
    }
    this.namespaces = reason == null;
    this.fallbackReason = reason;
  }

  /** {@code pods} namespaces on a bridge, or loopback addresses if they cannot be made. */
  static PodNetwork create(int pods) {
    return new PodNetwork(pods);
  }

  /** Null with namespaces; otherwise why the pods share this machine's loopback instead. */
  String fallbackReason() {
    return fallbackReason;
  }

  /** The address the pods reach this test at (the bridge's, or loopback). */
  String hostIp() {
    return namespaces ? bridgeIp() : "127.0.0.1";
  }

  String podIp(int pod) {
    return namespaces ? namespaceIp(pod) : "127.0.1." + (10 + pod);
  }

  private String bridgeIp() {
    return "10.231." + subnet + ".1";
  }

  private String namespaceIp(int pod) {
    return "10.231." + subnet + "." + (10 + pod);
  }

  /** The command prefix that runs a program in pod {@code pod}'s network namespace. */
  List<String> prefix(int pod) {
    return namespaces ? List.of("ip", "netns", "exec", namespace(pod)) : List.of();
  }

  boolean namespaces() {
    return namespaces;
  }

  private String namespace(int pod) {
    return "vioemu-" + tag + "-" + pod;
  }

  private void createNamespaces() throws IOException {
    String bridge = "vbr" + tag;
    ip("link", "add", bridge, "type", "bridge");
    created.add("link:" + bridge);
    ip("addr", "add", bridgeIp() + "/24", "dev", bridge);
    ip("link", "set", bridge, "up");
    for (int i = 0; i < pods; i++) {
      String ns = namespace(i);
      String host = "vh" + tag + "x" + i;
      String pod = "vp" + tag + "x" + i;
      ip("netns", "add", ns);
      created.add("netns:" + ns);
      ip("link", "add", host, "type", "veth", "peer", "name", pod);
      ip("link", "set", pod, "netns", ns);
      ip("link", "set", host, "master", bridge, "up");
      ip("netns", "exec", ns, "ip", "addr", "add", namespaceIp(i) + "/24", "dev", pod);
      ip("netns", "exec", ns, "ip", "link", "set", pod, "up");
      ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }
  }

  private void removeNamespaces() {
    for (int i = created.size() - 1; i >= 0; i--) {
      String[] what = created.get(i).split(":", 2);
      try {
        if (what[0].equals("netns")) {
          ip("netns", "del", what[1]);
        } else {
          ip("link", "del", what[1]);
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: the next step may still succeed.
      }
    }
    created.clear();
  }

  @Override
  public void close() {
    removeNamespaces();
  }

  private static void ip(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "cannot create network namespaces (" + String.join(" ", cmd) + ": " + out + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
