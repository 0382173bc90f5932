package io.vioemu.host.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.CoreModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One host's CPU time, VM exits and device interrupts over the measured interval {@code [warmupPs,
 * min(stopPs, end))} and per series interval, counted without events of its own, so the run's
 * events stay exactly what they were.
 *
 * <p>CPU time is split at the boundaries as each stretch of work is scheduled on a physical core,
 * so it is exact however work straddles them. The run's end is not known here: the results take off
 * what would run after it using each core's tail, reported as when the core's work ends and the
 * idle gaps before that which lie after this host's last event. Exits and interrupts count when
 * they are taken: their counters are read at the first event at or after a boundary, before it is
 * handled.
 *
 * <p>A host on which nothing happened from the warm-up's end on reports none of this (all zero),
 * unless series are on.
 */
public final class HostMeter {
  private final Core[] cores;
  private final long warmupPs;

  /** {@link Long#MAX_VALUE}: no stop. */
  private final long stopPs;

  private final long seriesPs;
  private final LongSupplier exits;
  private final LongSupplier interrupts;

  /** Busy picoseconds of all physical cores per series interval, or null. */
  private final IntervalCounts busyPerInterval;

  private long lastEventPs;
  private long nextMarkPs;
  private boolean warmupSeen;
  private long exitsAtWarmup;
  private long interruptsAtWarmup;
  private boolean stopSeen;
  private long exitsAtStop;
  private long interruptsAtStop;

  /**
   * @param physicalCores every core of the host, busy or not
   * @param exits VM exits taken so far on this host
   * @param interrupts device interrupts taken so far on this host
   */
  public HostMeter(
      List<CoreModel> physicalCores,
      NetperfSettings settings,
      LongSupplier exits,
      LongSupplier interrupts) {
    this.warmupPs = settings.warmupPs();
    this.stopPs = settings.stopPs();
    this.seriesPs = settings.seriesIntervalPs();
    this.exits = exits;
    this.interrupts = interrupts;
    this.busyPerInterval = seriesPs > 0 ? new IntervalCounts(seriesPs) : null;
    this.cores = new Core[physicalCores.size()];
    for (int c = 0; c < cores.length; c++) {
      cores[c] = new Core();
      physicalCores.get(c).listen(cores[c]);
    }
    this.nextMarkPs = warmupPs;
  }

  /** Before the host handles an event at {@code nowPs}. */
  public void onEvent(long nowPs) {
    lastEventPs = nowPs;
    if (nowPs < nextMarkPs) {
      return;
    }
    if (!warmupSeen) {
      warmupSeen = true;
      exitsAtWarmup = exits.getAsLong();
      interruptsAtWarmup = interrupts.getAsLong();
    }
    if (!stopSeen && nowPs >= stopPs) {
      stopSeen = true;
      exitsAtStop = exits.getAsLong();
      interruptsAtStop = interrupts.getAsLong();
    }
    nextMarkPs = stopSeen ? Long.MAX_VALUE : stopPs;
  }

  public void reportMetrics(MetricSink sink) {
    long fromWarmup = 0;
    long fromStop = 0;
    for (Core c : cores) {
      fromWarmup += c.busyFromWarmupPs;
      fromStop += c.busyFromStopPs;
    }
    boolean active = warmupSeen || fromWarmup > 0;
    if (active || busyPerInterval != null) {
      sink.put("cpu.physicalCores", cores.length);
      for (int c = 0; c < cores.length; c++) {
        cores[c].reportTail("cpu.core" + c + ".", sink);
      }
    }
    if (active) {
      sink.put("cpu.busyFromWarmupPs", fromWarmup);
      if (stopPs != Long.MAX_VALUE) {
        sink.put("cpu.busyFromStopPs", fromStop);
      }
      long exitsNow = exits.getAsLong();
      long interruptsNow = interrupts.getAsLong();
      // a boundary never reached: nothing was taken after it
      sink.put(
          "measured.vmExits",
          (stopSeen ? exitsAtStop : exitsNow) - (warmupSeen ? exitsAtWarmup : exitsNow));
      sink.put(
          "measured.deviceInterrupts",
          (stopSeen ? interruptsAtStop : interruptsNow)
              - (warmupSeen ? interruptsAtWarmup : interruptsNow));
    }
    if (busyPerInterval != null) {
      busyPerInterval.report("series.cpu.busyPs.", sink);
    }
  }

  /** Busy time of {@code [startPs, endPs)} from {@code fromPs} on. */
  private static long overlap(long startPs, long endPs, long fromPs) {
    return Math.max(0, endPs - Math.max(startPs, fromPs));
  }

  /** One physical core's accounts. */
  private final class Core implements CoreModel.BusyListener {
    private long busyFromWarmupPs;
    private long busyFromStopPs;
    private long untilPs;

    /** Idle gaps [from, until) that end after the host's latest event, oldest first. */
    private long[] gapFromPs = new long[4];

    private long[] gapUntilPs = new long[4];
    private int gaps;

    @Override
    public void onBusy(long startPs, long endPs) {
      if (startPs > untilPs && startPs > lastEventPs) {
        // work scheduled for later than now on an idle core: the core waits until then
        addGap(Math.max(untilPs, lastEventPs), startPs);
      }
      untilPs = Math.max(untilPs, endPs);
      busyFromWarmupPs += overlap(startPs, endPs, warmupPs);
      if (stopPs != Long.MAX_VALUE) {
        busyFromStopPs += overlap(startPs, endPs, stopPs);
      }
      if (busyPerInterval != null) {
        for (long k = startPs / seriesPs; k * seriesPs < endPs; k++) {
          long from = Math.max(startPs, k * seriesPs);
          long until = Math.min(endPs, (k + 1) * seriesPs);
          busyPerInterval.add(Math.toIntExact(k), until - from);
        }
      }
    }

    private void addGap(long fromPs, long untilPs) {
      dropPastGaps();
      if (gaps == gapFromPs.length) {
        gapFromPs = Arrays.copyOf(gapFromPs, 2 * gaps);
        gapUntilPs = Arrays.copyOf(gapUntilPs, 2 * gaps);
      }
      gapFromPs[gaps] = fromPs;
      gapUntilPs[gaps] = untilPs;
      gaps++;
    }

    /** Gaps that ended by the latest event can no longer lie after the run's end. */
    private void dropPastGaps() {
      int keep = 0;
      for (int i = 0; i < gaps; i++) {
        if (gapUntilPs[i] > lastEventPs) {
          gapFromPs[keep] = Math.max(gapFromPs[i], lastEventPs);
          gapUntilPs[keep] = gapUntilPs[i];
          keep++;
        }
      }
      gaps = keep;
    }

    void reportTail(String prefix, MetricSink sink) {
      dropPastGaps();
      sink.put(prefix + "busyUntilPs", untilPs);
      for (int i = 0; i < gaps; i++) {
        sink.put(prefix + "idle" + i + ".fromPs", gapFromPs[i]);
        sink.put(prefix + "idle" + i + ".untilPs", gapUntilPs[i]);
      }
    }
  }
}
