package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The kernel-side state of one entity: its pending events, its clock, its random stream and the
 * running checksum of everything it processed. Pure Java; {@link PartitionCore} runs it.
 *
 * <p>Two assertions guard causality: an event handed in must not be earlier than the last one
 * processed, and every processed event must order strictly after the previous one.
 */
public final class EntityCore implements EntityContext {
  private final int entityId;
  private final Entity entity;
  private final long lookaheadPs;
  private final Model model;
  private final SplittableRandom random;
  private final EventHeap pending = new EventHeap();

  private final List<TimedEvent> outbound = new ArrayList<>();
  private TimedEvent current;
  private long nowPs;
  private long nextSeq;
  private long hash;
  private long processed;

  /**
   * @param model declares the lookahead and each channel's minimum latency, which every send is
   *     checked against
   */
  public EntityCore(int entityId, Model model, long experimentSeed) {
    this(entityId, model.createEntity(entityId), model, experimentSeed);
  }

  EntityCore(int entityId, Entity entity, Model model, long experimentSeed) {
    this.lookaheadPs = model.lookaheadPs();
    if (lookaheadPs <= 0) {
      throw new IllegalArgumentException("lookahead must be > 0 ps, was " + lookaheadPs);
    }
    this.entityId = entityId;
    this.entity = entity;
    this.model = model;
    this.random = EntityRandom.forEntity(experimentSeed, entityId);
    this.hash = Mix.mix64(entityId);
  }

  /** Runs the entity's start hook at time 0. */
  public void start() {
    nowPs = 0;
    entity.onStart(this);
  }

  /** Accepts events from other entities; none may lie in this entity's past. */
  public void deliver(List<TimedEvent> inbound) {
    for (int i = 0, n = inbound.size(); i < n; i++) {
      TimedEvent e = inbound.get(i);
      if (e.atPs() < nowPs) {
        throw new CausalityViolation(
            "entity "
                + entityId
                + " received "
                + e.describe()
                + " after it had already processed time "
                + nowPs
                + "ps");
      }
      pending.add(e);
    }
  }

  /** Processes, in total order, every pending event earlier than {@code endPs}. */
  public void runUntil(long endPs) {
    while (pending.minTimePs() < endPs) {
      TimedEvent e = pending.poll();
      if (current != null && TimedEvent.compareKeys(e, current) <= 0) {
        throw new CausalityViolation(
            "entity "
                + entityId
                + " would process "
                + e.describe()
                + " after "
                + current.describe()
                + ": time went backwards");
      }
      current = e;
      nowPs = e.atPs();
      hash =
          Mix.fold(
              Mix.fold(Mix.fold(hash, e.atPs()), ((long) e.priority() << 32) ^ e.srcEntity()),
              Mix.fold(e.srcSeq(), ((long) e.kind() << 48) ^ e.word()));
      processed++;
      entity.onEvent(e, this);
    }
  }

  /** The entity's end-of-run counters, sorted by name. */
  public SortedMap<String, Long> metrics() {
    SortedMap<String, Long> out = new TreeMap<>();
    entity.reportMetrics(
        (name, value) -> {
          if (out.put(name, value) != null) {
            throw new IllegalStateException(
                "entity " + entityId + " reported metric '" + name + "' twice");
          }
        });
    return out;
  }

  /**
   * The events sent to other entities since the caller last cleared this list: the caller routes
   * them and clears it, so that one list serves every sub-window (a fresh list per sub-window was
   * an allocation, and a regrowth, per entity and window).
   */
  public List<TimedEvent> outbound() {
    return outbound;
  }

  /** Time of the earliest pending event, {@link Long#MAX_VALUE} if none. */
  public long nextEventPs() {
    return pending.minTimePs();
  }

  public long hash() {
    return hash;
  }

  public long processed() {
    return processed;
  }

  public int pendingCount() {
    return pending.size();
  }

  @Override
  public long nowPs() {
    return nowPs;
  }

  @Override
  public int entityId() {
    return entityId;
  }

  @Override
  public SplittableRandom random() {
    return random;
  }

  @Override
  public void send(int dstEntity, long delayPs, int priority, int kind, long word, Object payload) {
    if (delayPs < 0) {
      throw new CausalityViolation(
          "entity " + entityId + " sent with negative delay " + delayPs + "ps");
    }
    TimedEvent e =
        new TimedEvent(
            nowPs + delayPs, priority, entityId, nextSeq++, dstEntity, kind, word, payload);
    if (dstEntity == entityId) {
      if (current != null && TimedEvent.compareKeys(e, current) <= 0) {
        throw new CausalityViolation(
            "entity "
                + entityId
                + " scheduled "
                + e.describe()
                + " which orders before the event it is handling, "
                + current.describe());
      }
      pending.add(e);
      return;
    }
    long minPs = Math.max(lookaheadPs, model.channelLatencyPs(entityId, dstEntity));
    if (delayPs < minPs) {
      throw new CausalityViolation(
          "entity "
              + entityId
              + " sent to entity "
              + dstEntity
              + " with delay "
              + delayPs
              + "ps, below the channel's minimum latency (lookahead) of "
              + minPs
              + "ps");
    }
    outbound.add(e);
  }
}
