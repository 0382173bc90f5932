package io.vioemu.runner;

import io.vioemu.fabric.runtime.ClusterRuntime;
import io.vioemu.fabric.runtime.RunCoordinator;
import io.vioemu.fabric.runtime.RunFailedException;
import io.vioemu.fabric.runtime.RunResult;
import io.vioemu.fabric.runtime.RunSpec;
import io.vioemu.lang.Messages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The cluster runs execute on, from this JVM: founds (or joins) the cluster and starts the extra
 * JVMs as child processes on loopback once, runs any number of {@link RunSpec}s on it one after the
 * other (every point of a sweep: starting an actor system, a media driver and JVMs costs seconds, a
 * run on a warm cluster does not), and stops them again.
 *
 * <p>Ctrl-C or SIGTERM while it is open stops the child JVMs and exits with code 1 (so nothing
 * after the run, such as writing results, happens).
 */
public final class LocalCluster implements AutoCloseable {
  /** A failed run's exit code, as the CLI's for any failed run. */
  private static final int EXIT_FAILED = 1;

  /** The jar's entry point, which the spawned JVMs run as {@code vioemu node}. */
  private static final String NODE_MAIN_CLASS = "io.vioemu.cli.Main";

  private static final Duration RUN_TIMEOUT = Duration.ofHours(24);

  /** How long this JVM waits to become a member of the cluster it joins. */
  private static final int JOIN_TIMEOUT_S = 30;

  private final ClusterOptions options;
  private volatile ClusterRuntime runtime;
  private final List<Process> children = new CopyOnWriteArrayList<>();
  private final AtomicReference<ActorRef<RunCoordinator.Command>> coordinator =
      new AtomicReference<>();
  private final AtomicReference<String> lostNode = new AtomicReference<>();
  private final Thread onInterrupt;
  private final Consumer<String> interruptLine;
  private volatile boolean closing;
  private volatile String expired;
  private ScheduledExecutorService wallLimit;
  private boolean broken;
  private int runs;

  private LocalCluster(ClusterOptions options, Consumer<String> interruptLine) {
    this.options = options;
    this.interruptLine = interruptLine;
    this.onInterrupt = new Thread(this::interrupted, "vioemu-runner-close");
  }

  /**
   * Starts this JVM's node and, with no seed nodes, the other {@code jvms - 1} JVMs.
   *
   * @param interruptLine prints the error line when a signal ends the runs; called from a shutdown
   *     hook, so it must not wait for locks
   */
  static LocalCluster open(ClusterOptions options, int jvms, Consumer<String> interruptLine) {
    LocalCluster c = new LocalCluster(options, interruptLine);
    // Before anything starts, so that a signal during start-up exits with 1 as well.
    Runtime.getRuntime().addShutdownHook(c.onInterrupt);
    try {
      c.runtime = ClusterRuntime.start(options.runnerSettings());
      if (jvms > 1) {
        c.runtime.prepareFabric();
      }
      c.awaitUp();
      if (!options.joinsNodes() && jvms > 1) {
        // The JVMs started here share this JVM's media driver: batches between them go through
        // shared memory (Aeron IPC), not UDP on loopback.
        String driver = c.runtime.aeronDirectory();
        for (int i = 1; i < jvms; i++) {
          c.watch(
              startNode(
                  c.runtime.hostPort(), i, options.nodeCpus(i), driver, options.tlsDirectory()),
              i);
        }
      }
      return c;
    } catch (RuntimeException e) {
      c.broken = true;
      c.close();
      throw e;
    }
  }

  /** One run, the way bench runs it: open, run, close, printing progress notes and errors. */
  public static RunResult run(RunSpec spec, ClusterOptions options) {
    try (LocalCluster c = open(options, spec.jvms(), System.err::println)) {
      try {
        return c.run(spec, line -> System.err.println("vioemu: " + line));
      } catch (RunFailedException failed) {
        System.err.println("vioemu: error: " + Messages.oneLine(failed));
        throw new ReportedFailure(failed);
      }
    }
  }

  /**
   * Runs {@code spec} on the open cluster (its run id gets a suffix after the first run, so that
   * the actors of consecutive runs never share a name).
   *
   * @param notes one-line progress messages (nodes joined, run started)
   * @throws RunFailedException with a one-line reason; the cluster is then unusable
   */
  RunResult run(RunSpec spec, Consumer<String> notes) {
    if (broken) {
      throw new IllegalStateException("the cluster failed in an earlier run");
    }
    RunSpec unique = runs++ == 0 ? spec : spec.withRunId(spec.runId() + "-" + runs);
    try {
      if (expired != null) {
        throw new RunFailedException(expired);
      }
      String lost = lostNode.get();
      if (lost != null) {
        throw new RunFailedException("lost node: " + lost);
      }
      return runtime.run(unique, RUN_TIMEOUT, notes, this::follow);
    } catch (RuntimeException failed) {
      // Do not wait for broken peers in close().
      broken = true;
      children.forEach(Process::destroyForcibly);
      throw failed instanceof RunFailedException r
          ? r
          : new RunFailedException(Messages.oneLine(failed));
    } finally {
      coordinator.set(null);
    }
  }

  /**
   * How far the current run has simulated, as this JVM's partition sees it (see ClusterRuntime).
   */
  long safeTimePs() {
    return runtime.localSafeTimePs();
  }

  /** Stops the other JVMs (told to stop, then killed after 5 s) and this JVM's node. */
  @Override
  public void close() {
    closing = true;
    if (wallLimit != null) {
      wallLimit.shutdownNow();
    }
    try {
      if (!children.isEmpty() && !broken) {
        runtime.shutdownOtherNodes("the runner is done");
        stop(children);
      }
      children.forEach(Process::destroyForcibly);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it cleans up and exits.
      }
      if (runtime == null) {
        return;
      }
      if (!options.joinsNodes()) {
        runtime.close();
      } else {
        runtime.leaveAndClose();
      }
    }
  }

  /** The shutdown hook: a signal arrived while runs may be under way. */
  private void interrupted() {
    closing = true;
    // The line first: killing the JVMs also fails the run, which the main thread would report.
    interruptLine.accept("vioemu: error: interrupted; no results written");
    System.err.flush();
    children.forEach(Process::destroyForcibly);
    ClusterRuntime started = runtime;
    if (started != null) {
      started.close();
    }
    // Exit code 1 like any failed run, not the signal's 130/143.
    Runtime.getRuntime().halt(EXIT_FAILED);
  }

  /**
   * Stops whatever runs once {@code wall} has passed from now: the run under way fails with {@code
   * reason}, and so does any later one.
   */
  void stopAfter(Duration wall, String reason) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vioemu-max-wall");
              t.setDaemon(true);
              return t;
            });
    timer.schedule(
        () -> {
          expired = reason;
          ActorRef<RunCoordinator.Command> current = coordinator.get();
          if (current != null) {
            current.tell(new RunCoordinator.Abort(reason));
          }
        },
        wall.toMillis(),
        TimeUnit.MILLISECONDS);
    wallLimit = timer;
  }

  /** Remembers the run's coordinator, to tell it about a JVM that exits during the run. */
  private void follow(ActorRef<RunCoordinator.Command> current) {
    coordinator.set(current);
    if (expired != null) {
      current.tell(new RunCoordinator.Abort(expired));
    }
    String lost = lostNode.get();
    if (lost != null) {
      current.tell(new RunCoordinator.NodeExited(lost));
    }
  }

  private void watch(Process p, int node) {
    children.add(p);
    p.onExit()
        .thenAccept(
            done -> {
              if (closing) {
                return;
              }
              String what =
                  "node " + node + " (pid " + done.pid() + ") exited with code " + done.exitValue();
              lostNode.compareAndSet(null, what);
              ActorRef<RunCoordinator.Command> current = coordinator.get();
              if (current != null) {
                current.tell(new RunCoordinator.NodeExited(what));
              }
            });
  }

  private void awaitUp() {
    try {
      runtime.memberUp().toCompletableFuture().get(JOIN_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RunFailedException("cannot join cluster: " + options.joinTarget(JOIN_TIMEOUT_S));
    }
  }

  /**
   * Starts {@code vioemu node} in a new JVM with this JVM's classpath and flags (and so its {@code
   * -Dvioemu.runtime.tls...} settings, if any), with {@code --tls tlsDir} if not null.
   */
  static Process startNode(
      String seedHostPort, int index, String cpus, String aeronDir, Path tlsDir) {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.addAll(JavaCommand.sameJvm(NODE_MAIN_CLASS));
    cmd.addAll(
        List.of(
            "node",
            "--roles",
            "host,guest",
            "--seed-nodes",
            seedHostPort,
            "--aeron-dir",
            aeronDir,
            "--exit-with-parent"));
    if (tlsDir != null) {
      cmd.addAll(List.of("--tls", tlsDir.toAbsolutePath().toString()));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new RunFailedException("cannot start node JVM " + index + ": " + e.getMessage());
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
