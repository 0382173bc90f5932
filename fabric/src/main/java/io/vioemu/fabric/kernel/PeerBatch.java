package io.vioemu.fabric.kernel;

import java.util.List;

/**
 * One partition's window batch for one peer: the events it sent to entities that peer hosts during
 * window {@code window}, and the earliest event time it still holds or has sent.
 */
public record PeerBatch(
    int fromPartition, long window, long nextEventPs, List<TimedEvent> events) {}
