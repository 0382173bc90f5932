package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * The partitions of one run that one JVM hosts, each on a thread of its own: in-memory batches
 * between them, a remote link to the partitions of other JVMs.
 */
public final class PartitionGroup implements AutoCloseable {
  private static final long JOIN_MS = 5_000;

  private final List<PartitionRunner> runners = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Thread> warmUps = new ArrayList<>();

  /**
   * @param localPartitions the partitions this JVM runs
   * @param remote each local partition's link to the partitions of other JVMs ({@link
   *     PeerLink#NONE} if there are none)
   * @param workers threads per partition, its own included, that run its entities load-adaptively
   * @param idle a new idle strategy for each partition's barrier (and each worker)
   * @param safeTimePs each local partition's safe-time listener
   * @param outcome receives each local partition's result, on that partition's thread
   * @param warmUpNs wall time each local partition spends on {@link PartitionRunner#warmUp} (on a
   *     thread of its own, from now on, so that it overlaps the rest of the set-up); 0: none
   */
  public PartitionGroup(
      int[] localPartitions,
      Placement placement,
      Model model,
      long seed,
      long endPs,
      IntFunction<PeerLink> remote,
      int workers,
      Supplier<IdleStrategy> idle,
      IntFunction<LongConsumer> safeTimePs,
      PartitionRunner.Outcome outcome,
      long warmUpNs) {
    LocalPeers peers = new LocalPeers(placement.partitions(), localPartitions);
    long windowPs = model.windowPs(placement);
    for (int p : localPartitions) {
      PartitionRunner r =
          new PartitionRunner(
              p,
              placement,
              model,
              seed,
              endPs,
              windowPs,
              peers.linkFor(p, remote.apply(p)),
              workers,
              idle,
              safeTimePs.apply(p),
              outcome);
      runners.add(r);
      if (warmUpNs > 0) {
        Thread w = new Thread(() -> r.warmUp(warmUpNs), "vioemu-warm-up-" + p);
        w.setDaemon(true);
        w.start();
        warmUps.add(w);
      }
      Thread t = new Thread(r, "vioemu-partition-" + p);
      t.setDaemon(true);
      peers.runsOn(p, t);
      threads.add(t);
    }
  }

  /** Starts every local partition's thread, once its warm-up (if any) is over. */
  public void start() {
    join(warmUps, JOIN_MS);
    threads.forEach(Thread::start);
  }

  /** Ends every local partition at its next barrier with {@code reason}. */
  public void abort(String reason) {
    runners.forEach(r -> r.abort(reason));
  }

  /** The local partitions' barrier figures, summed; once the run is over. */
  public BarrierStats barrierStats() {
    BarrierStats all = new BarrierStats();
    runners.forEach(r -> all.add(r.barrierStats()));
    return all;
  }

  /** Aborts what still runs and waits a little for the threads to end. */
  @Override
  public void close() {
    abort("run ended");
    join(warmUps, JOIN_MS);
    join(threads, JOIN_MS);
  }

  private static void join(List<Thread> threads, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
