package io.vioemu.guest.migration;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.virt.MigrationCosts;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-copy live migration (Clark et al., "Live Migration of Virtual Machines", NSDI 2005): the VM
 * keeps running while rounds copy its memory, the first round every page and each later one the
 * pages dirtied during the round before; once little is left (or at the round limit) the VM stops,
 * the rest and the device state are copied, and the VM resumes at the destination. The downtime is
 * that last round plus the resume.
 *
 * <p>Each round's pages go to the stream in chunks of {@link MigrationSettings#chunkPages}, paced
 * by the rate limit; the stop-and-copy goes unthrottled, since the VM is paused and every throttled
 * byte would add to the downtime.
 */
public final class PreCopyModel implements Migration {
  private enum Phase {
    READY,
    ROUNDS,
    /** The rounds are over; waiting for what must happen before the VM stops. */
    BEFORE_STOP,
    STOP_AND_COPY,
    DONE
  }

  private final GuestMemory memory;
  private final DirtyingProcess dirtying;
  private final MigrationSettings settings;
  private final MigrationPorts ports;
  private final List<MigrationRound> rounds = new ArrayList<>();
  private final RateLimit rateLimit;

  private Phase phase = Phase.READY;
  private long startPs;
  private long pausedPs;
  private long roundStartPs;
  private long roundPages;
  private long roundBytes;
  private long pagesLeftInRound;
  private boolean converged;
  private long stalePages;
  private MigrationResults results;

  public PreCopyModel(
      GuestMemory memory,
      DirtyingProcess dirtying,
      MigrationSettings settings,
      MigrationPorts ports) {
    this.memory = memory;
    this.dirtying = dirtying;
    this.settings = settings;
    this.ports = ports;
    this.rateLimit = new RateLimit(settings.maxBandwidthBitsPerSec());
  }

  /** Starts dirty logging and the first round, which copies every page. */
  @Override
  public void start(long nowPs) {
    if (phase != Phase.READY) {
      throw new IllegalStateException("migration already started");
    }
    dirtying.advanceTo(nowPs, memory);
    memory.startLogging();
    startPs = nowPs;
    phase = Phase.ROUNDS;
    beginRound(nowPs, memory.takeDirty().cardinality(), 0);
  }

  @Override
  public void onSent(long nowPs) {
    switch (phase) {
      case ROUNDS -> {
        if (pagesLeftInRound > 0) {
          sendChunk(nowPs);
        } else {
          endRound(nowPs);
        }
      }
      case BEFORE_STOP -> {
        dirtying.advanceTo(nowPs, memory);
        stopAndCopy(nowPs);
      }
      case STOP_AND_COPY -> finish(nowPs);
      default -> throw new IllegalStateException("nothing was being sent (" + phase + ")");
    }
  }

  @Override
  public boolean done() {
    return phase == Phase.DONE;
  }

  /** The outcome, once {@link #done()}. */
  public MigrationResults results() {
    if (results == null) {
      throw new IllegalStateException("migration still running");
    }
    return results;
  }

  @Override
  public void report(String prefix, MetricSink sink) {
    results().report(prefix, sink);
  }

  private void beginRound(long nowPs, long pages, long extraBytes) {
    roundStartPs = nowPs;
    roundPages = pages;
    roundBytes = MigrationSettings.streamBytes(pages) + extraBytes;
    pagesLeftInRound = pages;
    if (phase == Phase.STOP_AND_COPY) {
      pagesLeftInRound = 0;
      ports.send(roundBytes, nowPs);
    } else if (pages == 0) {
      endRound(nowPs);
    } else {
      sendChunk(nowPs);
    }
  }

  private void sendChunk(long nowPs) {
    long pages = Math.min(pagesLeftInRound, settings.chunkPages());
    pagesLeftInRound -= pages;
    long bytes = MigrationSettings.streamBytes(pages);
    ports.send(bytes, rateLimit.admit(nowPs, bytes));
  }

  private void endRound(long nowPs) {
    rounds.add(new MigrationRound(roundPages, roundBytes, roundStartPs, nowPs));
    dirtying.advanceTo(nowPs, memory);
    long dirty = memory.dirtyPages();
    boolean small = dirty <= settings.stopPages() || fitsDowntime(dirty, nowPs);
    if (small || rounds.size() >= settings.maxRounds()) {
      converged = small;
      long stopPs = ports.beforeStopAndCopy(nowPs);
      if (stopPs > nowPs) {
        phase = Phase.BEFORE_STOP; // the VM runs on (and dirties pages) until then
        ports.send(0, stopPs);
      } else {
        stopAndCopy(nowPs);
      }
    } else {
      beginRound(nowPs, memory.takeDirty().cardinality(), 0);
    }
  }

  /** Whether the dirty pages would go within the downtime limit at the last round's rate. */
  private boolean fitsDowntime(long dirtyPages, long nowPs) {
    long limitPs = settings.maxDowntimePs();
    long elapsedPs = nowPs - roundStartPs;
    if (limitPs == 0 || elapsedPs <= 0 || roundBytes == 0) {
      return false;
    }
    // bytes * elapsed / roundBytes <= limit, exactly: the products can pass 2^63
    BigInteger needed =
        BigInteger.valueOf(MigrationSettings.streamBytes(dirtyPages))
            .multiply(BigInteger.valueOf(elapsedPs));
    return needed.compareTo(BigInteger.valueOf(limitPs).multiply(BigInteger.valueOf(roundBytes)))
        <= 0;
  }

  private void stopAndCopy(long nowPs) {
    ports.pauseVm(nowPs);
    pausedPs = nowPs;
    phase = Phase.STOP_AND_COPY;
    long pages = memory.takeDirty().cardinality();
    stalePages = memory.stalePages();
    beginRound(nowPs, pages, settings.costs().deviceStateBytes());
  }

  private void finish(long nowPs) {
    rounds.add(new MigrationRound(roundPages, roundBytes, roundStartPs, nowPs));
    long resumedPs = nowPs + settings.costs().resumePs();
    ports.resumeVm(resumedPs);
    phase = Phase.DONE;
    MigrationCosts c = settings.costs();
    long pages = rounds.stream().mapToLong(MigrationRound::pages).sum();
    results =
        new MigrationResults(
            startPs,
            pausedPs,
            resumedPs,
            rounds,
            converged,
            stalePages,
            memory.loggedWrites(),
            memory.loggedWrites() * c.dirtyLogCyclesPerWrite(),
            pages * c.sendCyclesPerPage(),
            pages * c.receiveCyclesPerPage());
  }
}
