/**
 * Aeron transport for the fabric (UDP, and IPC between JVMs that share a media driver): moves
 * {@link io.vioemu.proto.fabric.WindowBatch} messages between partitions that live in different
 * JVMs. It exists as its own package so the synchronization kernel only sees a tiny contract
 * ({@link io.vioemu.fabric.transport.AeronFabricTransport#send} and {@link
 * io.vioemu.fabric.transport.FabricListener}) and never touches Aeron types: the partition's own
 * thread calls {@link io.vioemu.fabric.transport.AeronFabricTransport#poll} while it waits at a
 * barrier, which reassembles chunked batches, and every malformed datagram becomes a one-line
 * report instead of an exception inside the poller. Each node runs its own embedded media driver
 * ({@link io.vioemu.fabric.transport.EmbeddedAeron}) with non-spinning idle strategies because the
 * target machines have few cores and the simulator's own threads need them more than the driver.
 */
package io.vioemu.fabric.transport;
