package io.vioemu.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts the shaded vioemu jar as a real process, as a user would, and reads what it prints. */
final class Cli {
  static final List<String> JVM_FLAGS =
      List.of(
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.misc=ALL-UNNAMED",
          "-Xmx1g");

  record Result(int exitCode, String stdout, String stderr, Duration elapsed) {}

  private final Process process;
  private final long startNanos = System.nanoTime();
  private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final Thread outPump;
  private final Thread errPump;

  private Cli(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), stdoutLines, stdout);
    this.errPump = pump(process.getErrorStream(), stderrLines, stderr);
  }

  static Cli start(String... args) {
    return startWith(List.of(), args);
  }

  /** Starts the jar with extra JVM flags ({@code -Dkey=value} settings, say). */
  static Cli startWith(List<String> jvmFlags, String... args) {
    return startIn(List.of(), Map.of(), jvmFlags, List.of(args));
  }

  /**
   * Starts the jar under a command {@code prefix} ({@code ip netns exec NS}, say, which execs it),
   * with {@code env} added to this JVM's environment and extra JVM flags.
   */
  static Cli startIn(
      List<String> prefix, Map<String, String> env, List<String> jvmFlags, List<String> args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(System.getProperty("vioemu.jar", "target/vioemu.jar"));
    cmd.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      return new Cli(p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
  }

  static Result run(Duration timeout, String... args) {
    return start(args).await(timeout);
  }

  Process process() {
    return process;
  }

  /** Waits for a stdout or stderr line containing {@code text}; null if none came in time. */
  String awaitLine(BlockingQueue<String> lines, String text, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
    }
    return null;
  }

  String awaitStdout(String text, Duration timeout) throws InterruptedException {
    return awaitLine(stdoutLines, text, timeout);
  }

  String awaitStderr(String text, Duration timeout) throws InterruptedException {
    return awaitLine(stderrLines, text, timeout);
  }

  /** Waits for a node's start line; its {@code host:port}, for {@code --seed-nodes}. */
  String awaitNodeUp(Duration timeout) throws InterruptedException {
    String up = awaitStdout("vioemu node up at ", timeout);
    if (up == null) {
      throw new AssertionError("the node did not come up within " + timeout);
    }
    return up.replaceAll(".* up at (\\S+) .*", "$1");
  }

  Result await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(
            "vioemu did not exit within " + timeout + "; stderr so far: " + join(stderr));
      }
      outPump.join(5_000);
      errPump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
    return new Result(
        process.exitValue(),
        join(stdout),
        join(stderr),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** What the process has printed on stderr so far (it may still be running). */
  String stderrSoFar() {
    return join(stderr);
  }

  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String join(List<String> lines) {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  private static Thread pump(InputStream in, BlockingQueue<String> queue, List<String> all) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  synchronized (all) {
                    all.add(line);
                  }
                  queue.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "cli-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
