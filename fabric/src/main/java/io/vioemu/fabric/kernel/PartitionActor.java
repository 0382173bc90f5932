package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Drives the entities one JVM hosts through granted time windows.
 *
 * <p>Synchronization is conservative and windowed: every partition knows the earliest pending event
 * of the whole run, {@code T}, and grants its entities the window {@code [T, T + L)}, where {@code
 * L} is the lookahead, the minimum latency of every channel between entities. An event created
 * inside the window for another entity lands at or after {@code T + L}, so every entity can process
 * its window independently and in parallel. At the end of a window each partition sends each peer
 * one batch (the events for that peer's entities and the earliest time it still holds); once all
 * peers' batches are in, every partition computes the same next {@code T}. Empty stretches of time
 * are skipped, not stepped through.
 */
public final class PartitionActor extends AbstractBehavior<PartitionActor.Command> {

  /** The partition's protocol. */
  public sealed interface Command {}

  /** Start simulating: every partition of the run is ready. */
  public record Begin() implements Command {}

  /** An entity finished its start hook or its window. */
  public record WindowDone(
      int localIndex,
      List<TimedEvent> outbound,
      long nextEventPs,
      long hash,
      long processed,
      String failure)
      implements Command {}

  /** An entity's end-of-run metrics, or why it could not report them. */
  public record EntityMetrics(int localIndex, SortedMap<String, Long> metrics, String failure)
      implements Command {}

  /** A peer partition's batch for a window. */
  public record PeerBatch(int fromPartition, long window, long nextEventPs, List<TimedEvent> events)
      implements Command {}

  /** The transport or the cluster reports a problem that ends the run. */
  public record Abort(String reason) implements Command {}

  /** Go on with the next window: a long run of inline windows pauses to read its mailbox. */
  private record Continue() implements Command {}

  /**
   * A one-partition run executes a window's entities on the partition's own thread when this few
   * are due (an entity's window then costs a method call instead of two actor messages), and hands
   * them to their actors, which run in parallel, when more are. Either way each entity does the
   * same work on the same events in the same windows, so the results are identical.
   */
  static final int INLINE_MAX_ENTITIES = 4;

  /** Inline windows run back to back before the partition reads its mailbox (an Abort, say). */
  static final int INLINE_WINDOWS_PER_MESSAGE = 4096;

  /** What the partition reports to whoever runs it. */
  public sealed interface Report {}

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
      List<SortedMap<String, Long>> entityMetrics)
      implements Report {}

  public record Failed(int partition, String reason) implements Report {}

  private final int partition;
  private final Placement placement;
  private final int[] entityIds;
  private final long lookaheadPs;
  private final long endPs;
  private final PeerLink peers;
  private final ActorRef<Report> reportTo;
  private final LongConsumer safeTimePs;

  private final List<ActorRef<EntityActor.Command>> entities = new ArrayList<>();
  private final EntityCore[] cores;
  private final long[] nextPs;
  private final long[] hashes;
  private final long[] processed;
  private final List<List<TimedEvent>> inbox = new ArrayList<>();
  private final long[] inboxMinPs;
  private final List<List<TimedEvent>> toPeer = new ArrayList<>();
  private List<PeerBatch> early = new ArrayList<>();
  private final List<SortedMap<String, Long>> metrics = new ArrayList<>();
  private boolean over;

  private long window = -1;
  private long windowEndPs;
  private int awaitingEntities;

  /**
   * True from creation: a faster peer may send its start-phase batch before this partition has
   * received {@link Begin}, and that batch alone must not close the start phase.
   */
  private boolean executing = true;

  private long localMinPs;
  private long sentMinPs = Long.MAX_VALUE;
  private int peerBatchesIn;
  private long peerMinPs = Long.MAX_VALUE;

  private PartitionActor(
      ActorContext<Command> ctx,
      int partition,
      Placement placement,
      Model model,
      long seed,
      long endPs,
      PeerLink peers,
      ActorRef<Report> reportTo,
      LongConsumer safeTimePs) {
    super(ctx);
    this.partition = partition;
    this.placement = placement;
    this.entityIds = placement.entitiesOf(partition);
    this.lookaheadPs = model.lookaheadPs();
    this.endPs = endPs;
    this.peers = peers;
    this.reportTo = reportTo;
    this.safeTimePs = safeTimePs;
    int count = entityIds.length;
    this.nextPs = new long[count];
    this.hashes = new long[count];
    this.processed = new long[count];
    this.inboxMinPs = new long[count];
    this.cores = new EntityCore[count];
    for (int i = 0; i < count; i++) {
      int id = entityIds[i];
      EntityCore core = new EntityCore(id, model, seed);
      cores[i] = core;
      entities.add(ctx.spawn(EntityActor.create(i, core, ctx.getSelf()), "entity-" + id));
      inbox.add(new ArrayList<>());
      metrics.add(null);
      inboxMinPs[i] = Long.MAX_VALUE;
    }
    for (int p = 0; p < placement.partitions(); p++) {
      toPeer.add(new ArrayList<>());
    }
  }

  /**
   * @param partition this partition's index
   * @param placement which partition hosts which entity
   * @param model the configured model, identical on every partition
   * @param seed the experiment seed
   * @param endPs events at or after this time are not processed
   * @param peers how to reach the other partitions
   * @param reportTo receives one {@link Finished} or {@link Failed}
   */
  public static Behavior<Command> create(
      int partition,
      Placement placement,
      Model model,
      long seed,
      long endPs,
      PeerLink peers,
      ActorRef<Report> reportTo) {
    return create(partition, placement, model, seed, endPs, peers, reportTo, ps -> {});
  }

  /**
   * As above, and tells {@code safeTimePs} the run's safe time at every window: the time before
   * which every partition has processed every event (the start of the window about to execute),
   * then {@code endPs} when the run is over. It is called on the partition's thread once per
   * window, so it must be cheap and thread-safe (an {@code AtomicLong} store); it only observes, so
   * it cannot change what the run computes.
   */
  public static Behavior<Command> create(
      int partition,
      Placement placement,
      Model model,
      long seed,
      long endPs,
      PeerLink peers,
      ActorRef<Report> reportTo,
      LongConsumer safeTimePs) {
    return Behaviors.setup(
        ctx ->
            new PartitionActor(
                ctx, partition, placement, model, seed, endPs, peers, reportTo, safeTimePs));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Begin.class, m -> onBegin())
        .onMessage(WindowDone.class, this::onWindowDone)
        .onMessage(PeerBatch.class, this::onPeerBatch)
        .onMessage(EntityMetrics.class, this::onEntityMetrics)
        .onMessage(Abort.class, m -> fail(m.reason()))
        .onMessage(Continue.class, m -> over ? this : maybeAdvance())
        .build();
  }

  private Behavior<Command> onBegin() {
    executing = true;
    windowEndPs = 0;
    tellAllEntities(new EntityActor.StartEntity());
    return this;
  }

  /** Sends every local entity the same command and expects one answer from each. */
  private void tellAllEntities(EntityActor.Command command) {
    awaitingEntities = entities.size();
    for (ActorRef<EntityActor.Command> e : entities) {
      e.tell(command);
    }
  }

  private Behavior<Command> onWindowDone(WindowDone done) {
    if (done.failure() != null) {
      return fail(done.failure());
    }
    record(done.localIndex(), done.nextEventPs(), done.hash(), done.processed(), done.outbound());
    if (--awaitingEntities > 0) {
      return this;
    }
    return endOfExecution();
  }

  /** What an entity's window left: its next event, hash and count, and the events it sent. */
  private void record(int i, long nextEventPs, long hash, long count, List<TimedEvent> out) {
    nextPs[i] = nextEventPs;
    hashes[i] = hash;
    processed[i] = count;
    for (int k = 0, n = out.size(); k < n; k++) {
      route(out.get(k));
    }
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

  private Behavior<Command> endOfExecution() {
    closeWindow();
    return maybeAdvance();
  }

  /** The window is executed: send the peers their events and this partition's next time. */
  private void closeWindow() {
    executing = false;
    long min = sentMinPs;
    for (int i = 0; i < nextPs.length; i++) {
      min = Math.min(min, Math.min(nextPs[i], inboxMinPs[i]));
    }
    localMinPs = min;
    for (int p = 0; p < toPeer.size(); p++) {
      if (p != partition) {
        List<TimedEvent> batch = toPeer.get(p);
        toPeer.set(p, new ArrayList<>());
        peers.sendWindow(p, window, localMinPs, batch);
      }
    }
    sentMinPs = Long.MAX_VALUE;
  }

  private Behavior<Command> onPeerBatch(PeerBatch batch) {
    if (batch.window() == window + 1) {
      // A peer that already heard from everyone may be one window ahead of a partition that
      // still waits for a third; its batch belongs to the next exchange.
      early.add(batch);
      return this;
    }
    if (batch.window() != window) {
      return fail(
          "protocol error: partition "
              + batch.fromPartition()
              + " sent window "
              + batch.window()
              + " while partition "
              + partition
              + " is in window "
              + window);
    }
    List<TimedEvent> events = batch.events();
    for (int k = 0, n = events.size(); k < n; k++) {
      TimedEvent e = events.get(k);
      if (e.atPs() < windowEndPs) {
        return fail(
            "causality violation: partition "
                + batch.fromPartition()
                + " sent "
                + e.describe()
                + " inside window "
                + window
                + " ending at "
                + windowEndPs
                + "ps");
      }
      if (placement.ownerOf(e.dstEntity()) != partition) {
        return fail(
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
    peerMinPs = Math.min(peerMinPs, batch.nextEventPs());
    peerBatchesIn++;
    return maybeAdvance();
  }

  private Behavior<Command> maybeAdvance() {
    for (int inline = 0; !executing && peerBatchesIn >= placement.partitions() - 1; inline++) {
      if (inline == INLINE_WINDOWS_PER_MESSAGE) {
        getContext().getSelf().tell(new Continue());
        return this;
      }
      long globalMinPs = Math.min(localMinPs, peerMinPs);
      peerBatchesIn = 0;
      peerMinPs = Long.MAX_VALUE;
      safeTimePs.accept(Math.min(globalMinPs, endPs));
      if (globalMinPs >= endPs) {
        return finish();
      }
      window++;
      windowEndPs = Math.min(endPs, globalMinPs + lookaheadPs);
      if (placement.partitions() == 1 && dueEntities() <= INLINE_MAX_ENTITIES) {
        String failure = executeInline();
        if (failure != null) {
          return fail(failure);
        }
        closeWindow(); // and loop: no peer to wait for
        continue;
      }
      Behavior<Command> next = execute();
      if (!early.isEmpty()) {
        List<PeerBatch> replay = early;
        early = new ArrayList<>();
        for (int i = 0; i < replay.size() && !over; i++) {
          next = onPeerBatch(replay.get(i));
        }
      }
      return next;
    }
    return this;
  }

  /** How many entities the window runs, counted only up to one past the inline limit. */
  private int dueEntities() {
    int due = 0;
    for (int i = 0; i < nextPs.length && due <= INLINE_MAX_ENTITIES; i++) {
      if (Math.min(nextPs[i], inboxMinPs[i]) < windowEndPs) {
        due++;
      }
    }
    return due;
  }

  /**
   * Runs the window's due entities here, in local order, as their actors would; returns why the run
   * fails, or null.
   */
  private String executeInline() {
    executing = true;
    for (int i = 0; i < nextPs.length; i++) {
      if (Math.min(nextPs[i], inboxMinPs[i]) < windowEndPs) {
        List<TimedEvent> in = inbox.get(i);
        if (!in.isEmpty()) {
          inbox.set(i, new ArrayList<>());
        }
        inboxMinPs[i] = Long.MAX_VALUE;
        EntityCore core = cores[i];
        try {
          core.deliver(in);
          core.runUntil(windowEndPs);
        } catch (RuntimeException e) {
          return EntityActor.describe(core, e);
        }
        record(i, core.nextEventPs(), core.hash(), core.processed(), core.drainOutbound());
      }
    }
    return null;
  }

  private Behavior<Command> execute() {
    executing = true;
    awaitingEntities = 0;
    for (int i = 0; i < nextPs.length; i++) {
      if (Math.min(nextPs[i], inboxMinPs[i]) < windowEndPs) {
        List<TimedEvent> in = inbox.get(i);
        if (!in.isEmpty()) {
          inbox.set(i, new ArrayList<>());
        }
        inboxMinPs[i] = Long.MAX_VALUE;
        awaitingEntities++;
        entities.get(i).tell(new EntityActor.RunWindow(windowEndPs, in.isEmpty() ? List.of() : in));
      }
    }
    if (awaitingEntities == 0) {
      return endOfExecution();
    }
    return this;
  }

  /** Simulated time is over: gather every entity's metrics, then report. */
  private Behavior<Command> finish() {
    over = true;
    tellAllEntities(new EntityActor.ReportMetrics());
    return this;
  }

  private Behavior<Command> onEntityMetrics(EntityMetrics m) {
    if (m.failure() != null) {
      return fail(m.failure());
    }
    metrics.set(m.localIndex(), m.metrics());
    if (--awaitingEntities > 0) {
      return this;
    }
    long events = 0;
    for (long p : processed) {
      events += p;
    }
    reportTo.tell(
        new Finished(
            partition,
            events,
            window + 1,
            entityIds.clone(),
            hashes.clone(),
            List.copyOf(metrics)));
    return Behaviors.stopped();
  }

  private Behavior<Command> fail(String reason) {
    over = true;
    reportTo.tell(new Failed(partition, reason));
    return Behaviors.stopped();
  }
}
