package io.vioemu.host.event;

/**
 * One kind of event an entity of the host and guest models sends, as an enum constant that carries
 * the int the kernel's {@code TimedEvent} holds (and folds into the run checksum, so an id never
 * changes). Every entity declares its kinds in one enum; {@code EventIdsTest} checks that no two
 * kinds, in any enum or in the fabric's own, share an id.
 */
public interface EventKind {
  /** The kind's number in {@code TimedEvent.kind()}. */
  int id();
}
