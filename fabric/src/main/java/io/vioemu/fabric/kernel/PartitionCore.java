package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The entities of one partition and the events between them, executed inline on the partition's
 * thread: an entity's window costs a method call, not a message to another thread.
 *
 * <p>Each entity keeps its own state, clock, random stream and pending events ({@link EntityCore})
 * and is addressed by id, as an actor is. Inside a window the partition advances its entities
 * through sub-windows of the model's shortest channel latency, so that events between its own
 * entities on short channels (a VM and its host) need no exchange with the other partitions;
 * between partitions only the window's length, the latency of the channels that cross them,
 * matters. Every entity processes the same events in the same order whatever the sub-windows, so
 * the results are those of any other placement.
 */
final class PartitionCore {
  private static final int MIN_BATCH_CAPACITY = 16;
  private final int partition;
  private final Placement placement;
  private final int[] entityIds;
  private final long subWindowPs;
  private final EntityCore[] cores;
  private final long[] nextPs;
  private final long[] inboxMinPs;
  private final List<List<TimedEvent>> inbox = new ArrayList<>();
  private final List<List<TimedEvent>> toPeer = new ArrayList<>();
  private long sentMinPs = Long.MAX_VALUE;
  private final int[] due;
  private final WorkerPool.Task runEntity = this::runEntity;
  private WorkerPool pool;
  private long untilPs;

  PartitionCore(int partition, Placement placement, Model model, long seed) {
    this.partition = partition;
    this.placement = placement;
    this.entityIds = placement.entitiesOf(partition);
    this.subWindowPs = model.lookaheadPs();
    int count = entityIds.length;
    this.cores = new EntityCore[count];
    this.nextPs = new long[count];
    this.inboxMinPs = new long[count];
    this.due = new int[count];
    for (int i = 0; i < count; i++) {
      cores[i] = new EntityCore(entityIds[i], model, seed);
      inbox.add(new ArrayList<>());
      inboxMinPs[i] = Long.MAX_VALUE;
    }
    for (int p = 0; p < placement.partitions(); p++) {
      toPeer.add(new ArrayList<>());
    }
  }

  int partition() {
    return partition;
  }

  /** Runs every entity's start hook (time 0). */
  void start() {
    for (int i = 0; i < cores.length; i++) {
      EntityCore core = cores[i];
      try {
        core.start();
      } catch (RuntimeException e) {
        throw failure(core, e);
      }
      recordAndRoute(i);
    }
  }

  /**
   * Processes every event earlier than {@code endPs}, starting from {@code startPs} (no entity of
   * this partition holds an earlier one), in sub-windows no longer than the shortest channel.
   */
  void execute(long startPs, long endPs) {
    long fromPs = startPs;
    while (fromPs < endPs) {
      runDue(Math.min(endPs, fromPs + subWindowPs));
      fromPs = heldMinPs();
    }
  }

  /** From now on, runs each sub-window's due entities on {@code pool}'s threads. */
  void runOn(WorkerPool pool) {
    this.pool = pool;
  }

  private void runDue(long untilPs) {
    if (pool != null) {
      runDueOnPool(untilPs);
      return;
    }
    for (int i = 0; i < cores.length; i++) {
      if (Math.min(nextPs[i], inboxMinPs[i]) < untilPs) {
        List<TimedEvent> in = inbox.get(i);
        inboxMinPs[i] = Long.MAX_VALUE;
        EntityCore core = cores[i];
        try {
          // the entity takes its inbox into its own heap, so the list is kept for the next events:
          // a fresh list per delivery was one allocation per event in a model like PHOLD
          core.deliver(in);
          in.clear();
          core.runUntil(untilPs);
        } catch (RuntimeException e) {
          throw failure(core, e);
        }
        recordAndRoute(i);
      }
    }
  }

  /**
   * Hands each due entity its inbox, lets the pool's threads run them, then routes what they sent
   * on this thread, in local order.
   */
  private void runDueOnPool(long untilPs) {
    int n = 0;
    for (int i = 0; i < cores.length; i++) {
      if (Math.min(nextPs[i], inboxMinPs[i]) < untilPs) {
        inboxMinPs[i] = Long.MAX_VALUE;
        due[n++] = i;
      }
    }
    this.untilPs = untilPs;
    pool.run(due, n, runEntity);
    // every due inbox is emptied before any routing, which may already fill one of them again
    for (int k = 0; k < n; k++) {
      inbox.get(due[k]).clear();
    }
    for (int k = 0; k < n; k++) {
      recordAndRoute(due[k]);
    }
  }

  /** One due entity's sub-window, on whichever pool thread it was dealt to. */
  private void runEntity(int i) {
    EntityCore core = cores[i];
    try {
      // no routing happens while the pool runs, so the inbox is read as it stands
      core.deliver(inbox.get(i));
      core.runUntil(untilPs);
    } catch (RuntimeException e) {
      throw failure(core, e);
    }
  }

  int entityCount() {
    return cores.length;
  }

  private void recordAndRoute(int i) {
    EntityCore core = cores[i];
    nextPs[i] = core.nextEventPs();
    List<TimedEvent> out = core.outbound();
    for (int k = 0, n = out.size(); k < n; k++) {
      route(out.get(k));
    }
    out.clear();
  }

  private void route(TimedEvent e) {
    int owner = placement.ownerOf(e.dstEntity());
    if (owner == partition) {
      int local = placement.localIndex(e.dstEntity());
      inbox.get(local).add(e);
      inboxMinPs[local] = Math.min(inboxMinPs[local], e.atPs());
    } else {
      toPeer.get(owner).add(e);
      sentMinPs = Math.min(sentMinPs, e.atPs());
    }
  }

  /** The earliest event this partition's entities hold or have waiting in their inboxes. */
  private long heldMinPs() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < nextPs.length; i++) {
      min = Math.min(min, Math.min(nextPs[i], inboxMinPs[i]));
    }
    return min;
  }

  /**
   * Accepts a peer's batch for the window that ends at {@code windowEndPs}: every event must lie at
   * or after that end and belong to an entity of this partition.
   */
  void accept(PeerBatch batch, long windowEndPs) {
    List<TimedEvent> events = batch.events();
    for (int k = 0, n = events.size(); k < n; k++) {
      TimedEvent e = events.get(k);
      if (e.atPs() < windowEndPs) {
        throw new PartitionFailure(
            "causality violation: partition "
                + batch.fromPartition()
                + " sent "
                + e.describe()
                + " inside window "
                + batch.window()
                + " ending at "
                + windowEndPs
                + "ps");
      }
      if (e.dstEntity() < 0
          || e.dstEntity() >= placement.entityCount()
          || placement.ownerOf(e.dstEntity()) != partition) {
        throw new PartitionFailure(
            "protocol error: partition "
                + batch.fromPartition()
                + " sent "
                + e.describe()
                + " to partition "
                + partition
                + " which does not host it");
      }
      route(e);
    }
  }

  /**
   * Sends every peer its batch for {@code window} and returns the earliest event time this
   * partition holds or has sent.
   */
  long closeWindow(PeerLink peers, long window, BarrierStats stats) {
    long min = Math.min(sentMinPs, heldMinPs());
    for (int p = 0; p < toPeer.size(); p++) {
      if (p != partition) {
        List<TimedEvent> batch = toPeer.get(p);
        // the batch is handed over (a local peer keeps it): the next one starts at this one's size
        toPeer.set(p, new ArrayList<>(Math.max(MIN_BATCH_CAPACITY, batch.size())));
        stats.recordSent(batch.size());
        peers.sendWindow(p, window, min, batch);
      }
    }
    sentMinPs = Long.MAX_VALUE;
    return min;
  }

  /** The run is over: every entity's totals and end-of-run counters. */
  PartitionRunner.Finished finish(long windows, BarrierStats exchange) {
    long events = 0;
    long[] hashes = new long[cores.length];
    List<SortedMap<String, Long>> metrics = new ArrayList<>(cores.length);
    for (int i = 0; i < cores.length; i++) {
      EntityCore core = cores[i];
      events += core.processed();
      hashes[i] = core.hash();
      try {
        metrics.add(core.metrics());
      } catch (RuntimeException e) {
        throw failure(core, e);
      }
    }
    return new PartitionRunner.Finished(
        partition, events, windows, entityIds.clone(), hashes, List.copyOf(metrics), exchange);
  }

  private static PartitionFailure failure(EntityCore core, RuntimeException e) {
    String kind = e instanceof CausalityViolation ? "causality violation" : "model error";
    return new PartitionFailure(
        kind + " in entity " + core.entityId() + " at " + core.nowPs() + "ps: " + e.getMessage());
  }
}
