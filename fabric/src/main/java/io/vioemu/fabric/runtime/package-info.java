/**
 * The cluster runtime: one Pekko cluster per run (a one-node cluster by default), a node agent on
 * every JVM that hosts one partition of a run, and the runner's coordinator that places partitions,
 * connects their Aeron links, starts them together and gathers their results.
 *
 * <p>Pekko carries membership and control (small, rare messages, serialized with protobuf by {@link
 * io.vioemu.fabric.runtime.ControlSerializer}); every timestamped event that crosses a JVM travels
 * over Aeron UDP, batched per synchronization window.
 */
package io.vioemu.fabric.runtime;
