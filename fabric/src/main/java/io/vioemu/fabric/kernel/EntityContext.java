package io.vioemu.fabric.kernel;

import java.util.SplittableRandom;

/** What an entity may do while it handles an event. */
public interface EntityContext {

  /** Current virtual time in picoseconds. */
  long nowPs();

  /** This entity's id. */
  int entityId();

  /** This entity's own random stream, derived from (experiment seed, entity id). */
  SplittableRandom random();

  /**
   * Sends an event to another entity, or to itself, {@code delayPs} from now.
   *
   * <p>To another entity the delay must be at least the channel's minimum latency (the lookahead);
   * to itself any delay ≥ 0 is allowed as long as the new event orders after the one being handled.
   *
   * @throws CausalityViolation if the event would break either rule
   */
  void send(int dstEntity, long delayPs, int priority, int kind, long word, Object payload);

  /** Shorthand for an event to this entity with priority 0 and no payload. */
  default void schedule(long delayPs, int kind, long word) {
    send(entityId(), delayPs, 0, kind, word, null);
  }
}
