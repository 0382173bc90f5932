package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * A partition's thread: executes its windows inline and waits at each window's barrier by polling
 * its peers itself (an Agrona duty cycle), so that no hand-off between threads stands between a
 * peer's batch arriving and the next window starting.
 *
 * <p>Synchronization is conservative and windowed: every partition knows the earliest pending event
 * of the whole run, {@code T}, and executes the window {@code [T, T + W)}, where {@code W} is the
 * smallest latency of the channels that cross partitions. An event sent inside the window to
 * another partition lands at or after {@code T + W}, so partitions execute their windows in
 * parallel. At the end of a window each partition sends each peer one batch (the events for that
 * peer's entities and the earliest time it still holds); once all peers' batches are in, every
 * partition computes the same next {@code T}. Empty stretches of time are skipped.
 */
public final class PartitionRunner implements Runnable {

  /**
   * The run reached its end time. {@code entityIds} are the partition's entities, ascending (not
   * necessarily contiguous); hashes and metrics are per local entity, in that order.
   */
  public record Finished(
      int partition,
      long events,
      long windows,
      int[] entityIds,
      long[] entityHashes,
      List<SortedMap<String, Long>> entityMetrics,
      BarrierStats exchange) {}

  /** Receives the partition's one outcome, on the partition's thread. */
  public interface Outcome {
    void finished(Finished result);

    void failed(int partition, String reason);
  }

  private final PartitionCore core;
  private final Placement placement;
  private final Model model;
  private final long seed;
  private final PeerLink peers;
  private final int peerCount;
  private final long windowPs;
  private final long endPs;
  private final IdleStrategy idle;
  private final int workers;
  private final Supplier<IdleStrategy> workerIdle;
  private final LongConsumer safeTimePs;
  private final Outcome outcome;
  private final BarrierStats barrierStats;
  private volatile String abortReason;
  /* One instance: the wait loop polls many times per window and must not allocate. */
  private final Consumer<PeerBatch> onBatch = this::onBatch;

  private long window = -1;
  private long windowEndPs;
  private int batchesIn;
  private long peerMinPs = Long.MAX_VALUE;
  private List<PeerBatch> early = new ArrayList<>();

  /**
   * @param partition this partition's index
   * @param placement which partition hosts which entity
   * @param model the configured model, identical on every partition
   * @param seed the experiment seed
   * @param endPs events at or after this time are not processed
   * @param windowPs the window: the smallest latency of any channel that crosses partitions
   * @param peers how to reach the other partitions
   * @param workers threads that run the partition's entities, load-adaptively (1: only this one)
   * @param idle a new strategy for waiting at a barrier (this thread's, and each worker's)
   * @param safeTimePs told the run's safe time at every window (the start of the window about to
   *     execute, then {@code endPs}); it only observes, so it cannot change what the run computes
   * @param outcome receives one result
   */
  public PartitionRunner(
      int partition,
      Placement placement,
      Model model,
      long seed,
      long endPs,
      long windowPs,
      PeerLink peers,
      int workers,
      Supplier<IdleStrategy> idle,
      LongConsumer safeTimePs,
      Outcome outcome) {
    if (windowPs < model.lookaheadPs()) {
      throw new IllegalArgumentException(
          "window " + windowPs + "ps is below the model's lookahead " + model.lookaheadPs() + "ps");
    }
    this.core = new PartitionCore(partition, placement, model, seed);
    this.placement = placement;
    this.model = model;
    this.seed = seed;
    this.peers = peers;
    this.peerCount = placement.partitions() - 1;
    this.windowPs = windowPs;
    this.endPs = endPs;
    this.idle = idle.get();
    this.workers = workers;
    this.workerIdle = idle;
    this.safeTimePs = safeTimePs;
    this.outcome = outcome;
    this.barrierStats = new BarrierStats();
  }

  /**
   * Runs this partition's entities on a scratch copy, alone, for at most {@code budgetNs} of wall
   * time (or to the run's end), and throws the copy away. The JIT compiles the model's hot code
   * now, during set-up and on every JVM at once, rather than inside the run, where a compile on one
   * JVM holds up every partition at the next barrier: with one core per JVM the JVMs' compile
   * pauses add up instead of overlapping. Events for other partitions are dropped, so the copy runs
   * only what this partition would run by itself. The run starts from the untouched core, so
   * nothing here can change its results.
   */
  public void warmUp(long budgetNs) {
    PartitionCore scratch;
    synchronized (model) {
      // a JVM's partitions warm up at once, and a model need not build entities concurrently
      scratch = new PartitionCore(core.partition(), placement, model, seed);
    }
    BarrierStats ignored = new BarrierStats();
    scratch.start();
    long deadlineNs = System.nanoTime() + budgetNs;
    long window = 0;
    long nextPs = scratch.closeWindow(DROP, window, ignored);
    while (nextPs < endPs && System.nanoTime() - deadlineNs < 0 && abortReason == null) {
      scratch.execute(nextPs, Math.min(endPs, nextPs + windowPs));
      nextPs = scratch.closeWindow(DROP, ++window, ignored);
    }
  }

  /** Where a warm-up's events for other partitions go: nowhere. */
  private static final PeerLink DROP =
      new PeerLink() {
        @Override
        public void sendWindow(int peer, long window, long next, List<TimedEvent> events) {}

        @Override
        public int poll(Consumer<PeerBatch> onBatch) {
          return 0;
        }
      };

  /** Ends the run at the next barrier (a lost peer, the runner gave up); any thread. */
  public void abort(String reason) {
    abortReason = reason;
  }

  /** How long this partition waited at its barriers; read it once the run is over. */
  public BarrierStats barrierStats() {
    return barrierStats;
  }

  @Override
  public void run() {
    Finished finished;
    WorkerPool pool = null;
    try {
      if (workers > 1) {
        pool =
            new WorkerPool(
                workers, core.entityCount(), "vioemu-partition-" + core.partition(), workerIdle);
        core.runOn(pool);
      }
      finished = simulate();
    } catch (PartitionFailure f) {
      outcome.failed(core.partition(), f.getMessage());
      return;
    } catch (RuntimeException | Error e) {
      outcome.failed(core.partition(), "internal error: " + e);
      return;
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
    outcome.finished(finished);
  }

  private Finished simulate() {
    core.start();
    long localMinPs = core.closeWindow(peers, window, barrierStats);
    while (true) {
      awaitPeers();
      long globalMinPs = Math.min(localMinPs, peerMinPs);
      safeTimePs.accept(Math.min(globalMinPs, endPs));
      if (globalMinPs >= endPs) {
        barrierStats.recordBytesSent(peers.bytesSent());
        return core.finish(window + 1, barrierStats);
      }
      window++;
      windowEndPs = Math.min(endPs, globalMinPs + windowPs);
      batchesIn = 0;
      peerMinPs = Long.MAX_VALUE;
      core.execute(globalMinPs, windowEndPs);
      acceptEarly();
      localMinPs = core.closeWindow(peers, window, barrierStats);
    }
  }

  /** Polls the peers until every one's batch for the current window is in. */
  private void awaitPeers() {
    if (peerCount == 0) {
      return;
    }
    long startNs = System.nanoTime();
    idle.reset();
    while (batchesIn < peerCount) {
      int work = peers.poll(onBatch);
      if (work == 0) {
        String reason = abortReason;
        if (reason != null) {
          throw new PartitionFailure(reason);
        }
        idle.idle();
      }
    }
    barrierStats.recordWait(System.nanoTime() - startNs);
  }

  private void onBatch(PeerBatch batch) {
    if (batch.window() == window + 1) {
      // A peer that already heard from everyone may be one window ahead of a partition that still
      // waits for a third; its batch belongs to the next exchange.
      early.add(batch);
      return;
    }
    if (batch.window() != window) {
      throw new PartitionFailure(
          "protocol error: partition "
              + batch.fromPartition()
              + " sent window "
              + batch.window()
              + " while partition "
              + core.partition()
              + " is in window "
              + window);
    }
    take(batch);
  }

  private void take(PeerBatch batch) {
    core.accept(batch, windowEndPs);
    peerMinPs = Math.min(peerMinPs, batch.nextEventPs());
    batchesIn++;
  }

  private void acceptEarly() {
    if (early.isEmpty()) {
      return;
    }
    List<PeerBatch> now = early;
    early = new ArrayList<>();
    for (PeerBatch b : now) {
      onBatch(b);
    }
  }
}
