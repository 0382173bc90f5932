package io.vioemu.fabric.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Runs a model on several partitions inside one actor system, their window batches passed as plain
 * messages: the synchronization protocol of a multi-JVM run without the transport.
 */
public final class InJvmRun {
  public record Outcome(
      long events,
      long windows,
      long checksum,
      String failure,
      java.util.List<java.util.SortedMap<String, Long>> metrics) {}

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
    int partitions = placement.partitions();
    TestProbe<PartitionActor.Report> probe = kit.createTestProbe();
    List<ActorRef<PartitionActor.Command>> refs = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int self = p;
      PeerLink link =
          (peer, window, next, events) ->
              refs.get(peer).tell(new PartitionActor.PeerBatch(self, window, next, events));
      refs.add(
          kit.spawn(
              PartitionActor.create(
                  p, placement, model, seed, endPs, link, probe.getRef(), safeTimePs.apply(p))));
    }
    refs.forEach(r -> r.tell(new PartitionActor.Begin()));
    PartitionActor.Finished[] finished = new PartitionActor.Finished[partitions];
    for (int i = 0; i < partitions; i++) {
      PartitionActor.Report report = probe.receiveMessage(Duration.ofSeconds(60));
      if (report instanceof PartitionActor.Failed f) {
        refs.forEach(kit::stop);
        return new Outcome(0, 0, 0, f.reason(), List.of());
      }
      PartitionActor.Finished f = (PartitionActor.Finished) report;
      finished[f.partition()] = f;
    }
    long events = 0;
    long[] hashes = new long[model.entityCount()];
    List<java.util.SortedMap<String, Long>> metrics =
        new ArrayList<>(java.util.Collections.nCopies(model.entityCount(), null));
    for (PartitionActor.Finished f : finished) {
      events += f.events();
      int[] ids = f.entityIds();
      for (int k = 0; k < ids.length; k++) {
        hashes[ids[k]] = f.entityHashes()[k];
        metrics.set(ids[k], f.entityMetrics().get(k));
      }
    }
    return new Outcome(events, finished[0].windows(), Mix.combine(hashes), null, metrics);
  }
}
