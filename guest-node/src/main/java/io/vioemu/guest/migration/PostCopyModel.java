package io.vioemu.guest.migration;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.virt.MigrationCosts;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Post-copy live migration (Hines and Gopalan, VEE 2009; QEMU's postcopy-ram): the VM stops, only
 * its vCPU and device state move, and it resumes at the destination at once; its pages follow, in
 * address order in the background, and any page it touches before it has arrived is a fault that
 * stops the VM until that page, sent ahead of the rest, has come. The downtime is short and fixed;
 * the price is paid in faults, and the source must stay up until the last page has left.
 *
 * <p>The stream carries one send at a time, so a fault's page waits behind the chunk in flight. An
 * access is checked against the pages present at its own time: a fault on a page of the chunk in
 * flight ends when that chunk arrives.
 */
public final class PostCopyModel implements Migration {
  private enum Phase {
    READY,
    STATE,
    PUSH,
    DONE
  }

  private final int pages;
  private final WorkingSet workingSet;
  private final MigrationSettings settings;
  private final MigrationPorts ports;
  private final RateLimit rateLimit;
  private final BitSet present;
  private final int[] inFlight;

  private Phase phase = Phase.READY;
  private int inFlightCount;
  private boolean inFlightDemand;
  private int nextPush;
  private boolean stalled;
  private long stallStartPs;
  private int faultPage = -1;
  private long startPs;
  private long resumedPs;
  private long faults;
  private long stalledPs;
  private long pushedPages;
  private long demandedPages;
  private long bytesSent;
  private PostCopyResults results;

  /**
   * @param pages the VM's memory in pages
   * @param accessesPerSec how often the running VM touches a page of its working set
   * @param workingSetPages the working set: pages {@code [workingSetFirst, +workingSetPages)}
   */
  public PostCopyModel(
      int pages,
      int workingSetFirst,
      int workingSetPages,
      long accessesPerSec,
      SplittableRandom random,
      MigrationSettings settings,
      MigrationPorts ports) {
    if (workingSetFirst < 0 || workingSetFirst + (long) workingSetPages > pages) {
      throw new IllegalArgumentException(
          "working set "
              + workingSetFirst
              + "+"
              + workingSetPages
              + " outside "
              + pages
              + " pages");
    }
    this.pages = pages;
    this.workingSet = new WorkingSet(workingSetFirst, workingSetPages, accessesPerSec, random);
    this.settings = settings;
    this.ports = ports;
    this.rateLimit = new RateLimit(settings.maxBandwidthBitsPerSec());
    this.present = new BitSet(pages);
    this.inFlight = new int[settings.chunkPages()];
  }

  /** Stops the VM and sends its state. */
  @Override
  public void start(long nowPs) {
    if (phase != Phase.READY) {
      throw new IllegalStateException("migration already started");
    }
    startPs = nowPs;
    phase = Phase.STATE;
    ports.pauseVm(nowPs);
    send(settings.costs().deviceStateBytes(), nowPs);
  }

  @Override
  public void onSent(long nowPs) {
    switch (phase) {
      case STATE -> resume(nowPs);
      case PUSH -> arrived(nowPs);
      default -> throw new IllegalStateException("nothing was being sent (" + phase + ")");
    }
  }

  @Override
  public boolean done() {
    return phase == Phase.DONE;
  }

  public PostCopyResults results() {
    if (results == null) {
      throw new IllegalStateException("migration still running");
    }
    return results;
  }

  @Override
  public void report(String prefix, MetricSink sink) {
    results().report(prefix, sink);
  }

  private void resume(long nowPs) {
    resumedPs = nowPs + settings.costs().resumePs();
    ports.resumeVm(resumedPs);
    workingSet.runFrom(resumedPs);
    phase = Phase.PUSH;
    sendNext(nowPs);
  }

  private void arrived(long nowPs) {
    runVm(nowPs);
    boolean resolved = false;
    for (int i = 0; i < inFlightCount; i++) {
      present.set(inFlight[i]);
      resolved |= inFlight[i] == faultPage;
    }
    if (resolved) {
      long runPs = nowPs + settings.costs().faultServicePs();
      stalledPs += runPs - stallStartPs;
      stalled = false;
      faultPage = -1;
      workingSet.runFrom(runPs);
    }
    if (present.cardinality() == pages) {
      finish(nowPs);
    } else {
      sendNext(nowPs);
    }
  }

  /** The VM's accesses up to {@code nowPs}, against the pages present before this arrival. */
  private void runVm(long nowPs) {
    while (!stalled && workingSet.nextAccessPs() <= nowPs) {
      long atPs = workingSet.nextAccessPs();
      int page = workingSet.access();
      if (!present.get(page)) {
        faults++;
        stalled = true;
        stallStartPs = atPs;
        faultPage = page;
      }
    }
  }

  private void sendNext(long nowPs) {
    inFlightCount = 0;
    inFlightDemand = stalled && !present.get(faultPage);
    if (inFlightDemand) {
      inFlight[inFlightCount++] = faultPage;
      demandedPages++;
      // a demanded page jumps the queue and the limit: the VM waits for it
      send(MigrationSettings.streamBytes(1), nowPs);
      return;
    }
    for (int p = present.nextClearBit(nextPush);
        p < pages && inFlightCount < inFlight.length;
        p = present.nextClearBit(p + 1)) {
      inFlight[inFlightCount++] = p;
      nextPush = p + 1;
    }
    pushedPages += inFlightCount;
    long bytes = MigrationSettings.streamBytes(inFlightCount);
    send(bytes, rateLimit.admit(nowPs, bytes));
  }

  private void send(long bytes, long notBeforePs) {
    bytesSent += bytes;
    ports.send(bytes, notBeforePs);
  }

  private void finish(long nowPs) {
    phase = Phase.DONE;
    long sent = pushedPages + demandedPages;
    MigrationCosts c = settings.costs();
    results =
        new PostCopyResults(
            startPs,
            resumedPs,
            nowPs,
            faults,
            stalledPs,
            pushedPages,
            demandedPages,
            bytesSent,
            sent * c.sendCyclesPerPage(),
            sent * c.receiveCyclesPerPage());
  }
}
