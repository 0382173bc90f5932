package io.vioemu.fabric.kernel;

import java.util.Comparator;

/**
 * One event in flight: delivered to {@code dstEntity} at {@code atPs}.
 *
 * <p>The order key {@code (atPs, priority, srcEntity, srcSeq)} is total and independent of where
 * entities run: {@code srcSeq} is strictly increasing per source, so no two events share a key.
 * Arrival order, hash order or thread timing never decide anything.
 *
 * @param atPs absolute delivery time in picoseconds
 * @param priority lower runs first among events of equal time
 * @param srcEntity id of the sending entity
 * @param srcSeq per-source sequence number
 * @param dstEntity id of the receiving entity
 * @param kind model-defined event kind
 * @param word model-defined scalar argument (part of the checksum)
 * @param payload model-defined body, or null; crosses JVMs through the model's codec
 */
public record TimedEvent(
    long atPs,
    int priority,
    int srcEntity,
    long srcSeq,
    int dstEntity,
    int kind,
    long word,
    Object payload) {

  /** The kernel's total order. */
  public static final Comparator<TimedEvent> ORDER = TimedEvent::compareKeys;

  /** Compares by the total order key only. */
  public static int compareKeys(TimedEvent a, TimedEvent b) {
    if (a.atPs != b.atPs) {
      return Long.compare(a.atPs, b.atPs);
    }
    if (a.priority != b.priority) {
      return Integer.compare(a.priority, b.priority);
    }
    if (a.srcEntity != b.srcEntity) {
      return Integer.compare(a.srcEntity, b.srcEntity);
    }
    return Long.compare(a.srcSeq, b.srcSeq);
  }

  /** Short description for error messages. */
  public String describe() {
    return "event(at="
        + atPs
        + "ps, prio="
        + priority
        + ", src="
        + srcEntity
        + "#"
        + srcSeq
        + ", dst="
        + dstEntity
        + ")";
  }
}
