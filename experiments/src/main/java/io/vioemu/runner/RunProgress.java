package io.vioemu.runner;

import io.vioemu.runner.ProgressLines.Point;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run's progress on stderr (a bar, plain lines, or nothing) and the informational and error lines
 * printed while it runs, so that they do not tear the bar. The simulated time comes from a poller
 * thread reading the runtime's safe time; the display never touches the run itself.
 */
abstract class RunProgress implements AutoCloseable {
  final PrintStream err;
  final long endPs;
  final LongSupplier nanoClock;
  private long startNanos = -1;
  private ScheduledExecutorService poller;
  private ScheduledFuture<?> polling;

  RunProgress(PrintStream err, long endPs, LongSupplier nanoClock) {
    this.err = err;
    this.endPs = endPs;
    this.nanoClock = nanoClock;
  }

  /** An informational line ("vioemu: ..."); --quiet drops it. */
  abstract void note(String line);

  /**
   * The line a shutdown hook prints when a signal ends the run. It takes no lock (the thread that
   * holds one may never run again), so a bar may be left half drawn: start a new line.
   */
  void interrupted(String line) {
    err.println(line);
    err.flush();
  }

  /** An error line: always printed, after the bar is put away. */
  synchronized void error(String line) {
    stopPolling();
    err.println(line);
    err.flush();
  }

  /** A point (or the single run) starts; {@code safeTimePs} reads how far it has simulated. */
  abstract void pointStarted(Point p, LongSupplier safeTimePs);

  /** The point started last is done, after {@code pointNanos} of simulation. */
  abstract void pointFinished(Point p, long pointNanos);

  @Override
  public synchronized void close() {
    stopPolling();
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** Wall time since the first point started: the ETA's base. */
  synchronized long elapsedNanos() {
    if (startNanos < 0) {
      startNanos = nanoClock.getAsLong();
    }
    return nanoClock.getAsLong() - startNanos;
  }

  /** Calls {@code tick} every {@code periodMillis} on a daemon thread until the point ends. */
  synchronized void startPolling(Runnable tick, long periodMillis) {
    if (poller == null) {
      poller =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "vioemu-progress");
                t.setDaemon(true);
                return t;
              });
    }
    polling = poller.scheduleAtFixedRate(tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  synchronized void stopPolling() {
    if (polling != null) {
      polling.cancel(false);
      polling = null;
    }
  }

  /** Nothing but the informational lines (or not even those, with --quiet). */
  static final class Silent extends RunProgress {
    private final boolean notes;

    Silent(PrintStream err, boolean notes) {
      super(err, 1, System::nanoTime);
      this.notes = notes;
    }

    @Override
    void note(String line) {
      if (notes) {
        err.println(line);
      }
    }

    @Override
    void pointStarted(Point p, LongSupplier safeTimePs) {}

    @Override
    void pointFinished(Point p, long pointNanos) {}
  }

  /**
   * Lines for logs and pipes: one per finished sweep point, and one at most every {@link
   * #EVERY_NANOS} while a point (or a single run) goes on longer than that.
   */
  static final class Plain extends RunProgress {
    static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private Point point;
    private LongSupplier safeTimePs;
    private long lastLineNanos;
    private final boolean poll;

    /**
     * @param poll whether to start the poller thread (tests call {@link #tick} themselves)
     */
    Plain(PrintStream err, long endPs, LongSupplier nanoClock, boolean poll) {
      super(err, endPs, nanoClock);
      this.poll = poll;
    }

    @Override
    synchronized void note(String line) {
      println(line);
    }

    @Override
    synchronized void pointStarted(Point p, LongSupplier safeTimePs) {
      if (lastLineNanos == 0) {
        lastLineNanos = nanoClock.getAsLong();
      }
      elapsedNanos();
      this.point = p;
      this.safeTimePs = safeTimePs;
      if (poll) {
        startPolling(this::tick, 1000);
      }
    }

    /** Prints a progress line if nothing was printed for {@link #EVERY_NANOS}. */
    synchronized void tick() {
      if (point != null && nanoClock.getAsLong() - lastLineNanos >= EVERY_NANOS) {
        println(ProgressLines.running(point, safeTimePs.getAsLong(), endPs, elapsedNanos()));
      }
    }

    @Override
    synchronized void pointFinished(Point p, long pointNanos) {
      stopPolling();
      point = null;
      if (p.inSweep()) {
        println(ProgressLines.pointDone(p, pointNanos, elapsedNanos()));
      }
    }

    private void println(String line) {
      err.println(line);
      lastLineNanos = nanoClock.getAsLong();
    }
  }

  /**
   * A bar per point, redrawn in place: the point, simulated time of the end time, the whole run's
   * wall time and ETA, and the point's swept values. Each finished point leaves its full bar.
   */
  static final class Bar extends RunProgress {
    private static final int REDRAW_MILLIS = 250;

    private final LineKeeper consumer;
    private ProgressBar bar;

    Bar(PrintStream err, long endPs) {
      super(err, endPs, System::nanoTime);
      this.consumer = new LineKeeper(err);
    }

    @Override
    void interrupted(String line) {
      super.interrupted(System.lineSeparator() + line);
    }

    @Override
    synchronized void note(String line) {
      if (bar == null) {
        err.println(line);
      } else {
        consumer.printAbove(line);
      }
    }

    @Override
    synchronized void pointStarted(Point p, LongSupplier safeTimePs) {
      ProgressLines.Unit unit = ProgressLines.Unit.of(endPs);
      bar =
          new ProgressBarBuilder()
              .setTaskName(p.inSweep() ? (p.index() + 1) + "/" + p.count() : "run")
              .setInitialMax(endPs)
              .setUnit(" " + unit.symbol, unit.ps)
              .setStyle(ProgressBarStyle.UNICODE_BLOCK)
              .setConsumer(consumer)
              .setUpdateIntervalMillis(REDRAW_MILLIS)
              .startsFrom(0, Duration.ofNanos(elapsedNanos()))
              .setEtaFunction(
                  state -> {
                    double done = ProgressLines.fractionDone(p, state.getCurrent(), state.getMax());
                    OptionalLong eta =
                        ProgressLines.etaNanos(done, state.getTotalElapsed().toNanos());
                    return eta.isPresent()
                        ? Optional.of(Duration.ofNanos(eta.getAsLong()))
                        : Optional.empty();
                  })
              .build();
      bar.setExtraMessage(p.label());
      ProgressBar shown = bar;
      startPolling(() -> shown.stepTo(Math.min(endPs, safeTimePs.getAsLong())), REDRAW_MILLIS);
    }

    @Override
    synchronized void pointFinished(Point p, long pointNanos) {
      stopPolling();
      if (bar != null) {
        bar.stepTo(endPs);
        closeBar();
      }
    }

    @Override
    synchronized void error(String line) {
      stopPolling();
      closeBar();
      super.error(line);
    }

    @Override
    public synchronized void close() {
      stopPolling();
      closeBar();
      super.close();
    }

    private void closeBar() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /**
   * Draws the bar with a carriage return, and can print a line above it (clear the bar's line,
   * print, redraw) without the two interleaving.
   */
  private static final class LineKeeper extends ConsoleProgressBarConsumer {
    private final PrintStream out;
    private String last = "";

    LineKeeper(PrintStream out) {
      super(out);
      this.out = out;
    }

    @Override
    public synchronized void accept(String rendered) {
      last = rendered;
      super.accept(rendered);
      out.flush();
    }

    synchronized void printAbove(String line) {
      out.print("\r" + " ".repeat(Math.min(last.length(), getMaxRenderedLength())) + "\r");
      out.println(line);
      if (!last.isEmpty()) {
        super.accept(last);
      }
      out.flush();
    }

    @Override
    public synchronized void close() {
      super.close();
      last = "";
    }
  }
}
