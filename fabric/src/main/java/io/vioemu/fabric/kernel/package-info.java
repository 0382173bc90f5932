/**
 * The simulation kernel: virtual time in picoseconds, the total event order, entities as Pekko
 * typed actors, and the conservative window synchronization that keeps every entity from processing
 * an event before it is safe.
 *
 * <p>Pure-Java parts ({@link io.vioemu.fabric.kernel.EntityCore}, {@link
 * io.vioemu.fabric.kernel.EventHeap}, {@link io.vioemu.fabric.kernel.TimedEvent}) carry the
 * semantics; the actors ({@link io.vioemu.fabric.kernel.EntityActor}, {@link
 * io.vioemu.fabric.kernel.PartitionActor}) only move batches between them, so the result of a run
 * depends on the seed and the model, never on threads, mailboxes or JVM placement.
 */
package io.vioemu.fabric.kernel;
