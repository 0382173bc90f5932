package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * Runs a model on several partitions inside one JVM, each on its own thread, their window batches
 * passed in memory: the synchronization protocol of a multi-JVM run without the transport. (The
 * {@code kit} parameters are kept for the callers; partitions are threads, not actors.)
 */
public final class InJvmRun {
  /** What a run computed; not its window count, which depends on where partitions are cut. */
  public record Outcome(
      long events, long checksum, String failure, List<SortedMap<String, Long>> metrics) {}

  private InJvmRun() {}

  public static Outcome run(ActorTestKit kit, Model model, int partitions, long seed, long endPs) {
    return run(kit, model, partitions, seed, endPs, p -> ps -> {});
  }

  /** As above, with the entities spread by {@code strategy}. */
  public static Outcome run(
      ActorTestKit kit,
      Model model,
      int partitions,
      PlacementStrategy strategy,
      long seed,
      long endPs) {
    return run(kit, model, Placement.of(model, partitions, strategy), seed, endPs, p -> ps -> {});
  }

  /** As above, with each partition's safe-time listener. */
  public static Outcome run(
      ActorTestKit kit,
      Model model,
      int partitions,
      long seed,
      long endPs,
      IntFunction<LongConsumer> safeTimePs) {
    return run(kit, model, new Placement(model.entityCount(), partitions), seed, endPs, safeTimePs);
  }

  private static Outcome run(
      ActorTestKit kit,
      Model model,
      Placement placement,
      long seed,
      long endPs,
      IntFunction<LongConsumer> safeTimePs) {
    return run(model, placement, seed, endPs, safeTimePs);
  }

  /** Runs {@code placement}'s partitions, each on its own thread, and gathers their results. */
  public static Outcome run(
      Model model,
      Placement placement,
      long seed,
      long endPs,
      IntFunction<LongConsumer> safeTimePs) {
    return run(model, placement, 1, seed, endPs, safeTimePs);
  }

  /** As above, each partition's entities run load-adaptively on {@code workers} threads. */
  public static Outcome run(
      Model model,
      Placement placement,
      int workers,
      long seed,
      long endPs,
      IntFunction<LongConsumer> safeTimePs) {
    return run(model, placement, workers, seed, endPs, safeTimePs, 0);
  }

  /**
   * As above, each partition first warming up for {@code warmUpNs} ({@link
   * PartitionRunner#warmUp}).
   */
  public static Outcome run(
      Model model,
      Placement placement,
      int workers,
      long seed,
      long endPs,
      IntFunction<LongConsumer> safeTimePs,
      long warmUpNs) {
    int partitions = placement.partitions();
    QueuedOutcomes outcome = new QueuedOutcomes();
    BlockingQueue<Object> reports = outcome.reports;
    int[] all = Placement.identity(partitions);
    try (PartitionGroup group =
        new PartitionGroup(
            all,
            placement,
            model,
            seed,
            endPs,
            p -> PeerLink.NONE,
            workers,
            YieldingIdleStrategy::new,
            safeTimePs,
            outcome,
            warmUpNs)) {
      group.start();
      PartitionRunner.Finished[] finished = new PartitionRunner.Finished[partitions];
      for (int i = 0; i < partitions; i++) {
        Object report = reports.poll(60, TimeUnit.SECONDS);
        if (report == null) {
          return new Outcome(0, 0, "no result within 60 s", List.of());
        }
        if (report instanceof String reason) {
          return new Outcome(0, 0, reason, List.of());
        }
        PartitionRunner.Finished f = (PartitionRunner.Finished) report;
        finished[f.partition()] = f;
      }
      return gather(model, finished);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Outcome gather(Model model, PartitionRunner.Finished[] finished) {
    long events = 0;
    long[] hashes = new long[model.entityCount()];
    List<SortedMap<String, Long>> metrics =
        new ArrayList<>(Collections.nCopies(model.entityCount(), null));
    for (PartitionRunner.Finished f : finished) {
      events += f.events();
      int[] ids = f.entityIds();
      for (int k = 0; k < ids.length; k++) {
        hashes[ids[k]] = f.entityHashes()[k];
        metrics.set(ids[k], f.entityMetrics().get(k));
      }
    }
    return new Outcome(events, Mix.combine(hashes), null, metrics);
  }
}
