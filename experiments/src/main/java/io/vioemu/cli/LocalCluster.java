package io.vioemu.cli;

import io.vioemu.fabric.runtime.ClusterRuntime;
import io.vioemu.fabric.runtime.RunCoordinator;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Runs one {@link RunSpec} from this JVM: founds (or joins) the cluster, starts the extra JVMs the
 * run needs as child processes on loopback, and stops them again.
 */
final class LocalCluster {
  private static final Duration RUN_TIMEOUT = Duration.ofHours(24);

  private LocalCluster() {}

  static RunResult run(RunSpec spec, ClusterOptions options) {
    List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClusterRuntime runtime = ClusterRuntime.start(options.runnerSettings());
    Thread onInterrupt =
        new Thread(
            () -> {
              children.forEach(Process::destroyForcibly);
              runtime.close();
            },
            "vioemu-runner-close");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      if (spec.partitions() > 1) {
        runtime.prepareFabric();
      }
      awaitUp(runtime, options);
      if (options.seedNodes.isEmpty()) {
        for (int i = 1; i < spec.partitions(); i++) {
          children.add(startNode(runtime.hostPort(), i));
        }
      }
      RunResult result;
      try {
        result =
            runtime.run(
                spec,
                RUN_TIMEOUT,
                line -> System.err.println("vioemu: " + line),
                coordinator -> watch(children, coordinator));
      } catch (RuntimeException failed) {
        // Say what went wrong before the (bounded) clean-up, and do not wait for broken peers.
        System.err.println("vioemu: error: " + Main.oneLine(failed));
        children.forEach(Process::destroyForcibly);
        throw new ReportedFailure(failed);
      }
      if (!children.isEmpty()) {
        runtime.shutdownOtherNodes("run " + spec.runId() + " is over");
      }
      stop(children);
      return result;
    } finally {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
      if (options.seedNodes.isEmpty()) {
        runtime.close();
      } else {
        runtime.leaveAndClose();
      }
    }
  }

  private static void awaitUp(ClusterRuntime runtime, ClusterOptions options) {
    try {
      runtime.memberUp().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new io.vioemu.fabric.runtime.RunFailedException(
          "cannot join cluster: no seed node of " + options.seedNodes + " answered");
    }
  }

  private static void watch(List<Process> children, ActorRef<RunCoordinator.Command> coordinator) {
    for (int i = 0; i < children.size(); i++) {
      Process p = children.get(i);
      int node = i + 1;
      p.onExit()
          .thenAccept(
              done ->
                  coordinator.tell(
                      new RunCoordinator.NodeExited(
                          "node "
                              + node
                              + " (pid "
                              + done.pid()
                              + ") exited with code "
                              + done.exitValue())));
    }
  }

  /** Starts {@code vioemu node} in a new JVM with this JVM's classpath and flags. */
  static Process startNode(String seedHostPort, int index) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp")) {
        cmd.add(arg);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(
        List.of(
            "node", "--roles", "host,guest", "--seed-nodes", seedHostPort, "--exit-with-parent"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return pb.start();
    } catch (java.io.IOException e) {
      throw new io.vioemu.fabric.runtime.RunFailedException(
          "cannot start node JVM " + index + ": " + e.getMessage());
    }
  }

  private static void stop(List<Process> children) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Process p : children) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
