/**
 * Aeron UDP transport for the fabric: moves {@link io.vioemu.proto.fabric.WindowBatch} messages
 * between partitions that live in different JVMs. It exists as its own package so the
 * synchronization kernel only sees a tiny contract ({@link
 * io.vioemu.fabric.transport.AeronFabricTransport#send} and {@link
 * io.vioemu.fabric.transport.FabricListener}) and never touches Aeron types: one dedicated receive
 * thread polls the subscription and reassembles chunked batches, so actors never poll and never
 * block, and every malformed datagram becomes a one-line report instead of an exception inside the
 * poller. Each node runs its own embedded media driver ({@link
 * io.vioemu.fabric.transport.EmbeddedAeron}) with non-spinning idle strategies because the target
 * machines have few cores and the simulator's own threads need them more than the driver.
 */
package io.vioemu.fabric.transport;
