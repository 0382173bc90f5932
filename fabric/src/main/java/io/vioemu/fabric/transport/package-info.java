/**
 * Aeron transport for the fabric (UDP, and IPC between JVMs that share a media driver): moves
 * {@link io.vioemu.proto.fabric.WindowBatch} messages between partitions that live in different
 * JVMs. It exists as its own package so the synchronization kernel only sees a tiny contract
 * ({@link io.vioemu.fabric.transport.AeronFabricTransport#send} and {@link
 * io.vioemu.fabric.transport.FabricListener}) and never touches Aeron types: the partition's own
 * thread calls {@link io.vioemu.fabric.transport.AeronFabricTransport#poll} while it waits at a
 * barrier, which checks each frame's MAC under the run's {@link
 * io.vioemu.fabric.transport.FabricKey}, refuses replays and reassembles chunked batches; a
 * datagram that is not an authentic, fresh frame of the run is dropped and counted ({@link
 * io.vioemu.fabric.transport.Rejection}), never applied and never an exception inside the poller.
 * Each node runs its own embedded media driver ({@link io.vioemu.fabric.transport.EmbeddedAeron})
 * with non-spinning idle strategies because the target machines have few cores and the simulator's
 * own threads need them more than the driver.
 */
package io.vioemu.fabric.transport;
