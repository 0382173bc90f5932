/**
 * The simulation kernel: virtual time in picoseconds, the total event order, entities addressed by
 * id, and the conservative window synchronization that keeps every entity from processing an event
 * before it is safe.
 *
 * <p>Pure-Java parts ({@link io.vioemu.fabric.kernel.EntityCore}, {@link
 * io.vioemu.fabric.kernel.EventHeap}, {@link io.vioemu.fabric.kernel.TimedEvent}) carry the
 * semantics. A partition is a thread ({@link io.vioemu.fabric.kernel.PartitionRunner}) that runs
 * its entities inline ({@link io.vioemu.fabric.kernel.PartitionCore}), optionally on a pool of
 * load-adaptive workers ({@link io.vioemu.fabric.kernel.WorkerPool}), and exchanges one batch per
 * window with its peers through a {@link io.vioemu.fabric.kernel.PeerLink} (in memory inside a JVM,
 * {@link io.vioemu.fabric.kernel.LocalPeers}). Threads only move batches between entities, so the
 * result of a run depends on the seed and the model, never on threads or placement.
 */
package io.vioemu.fabric.kernel;
