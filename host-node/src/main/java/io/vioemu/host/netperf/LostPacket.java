package io.vioemu.host.netperf;

/** A packet whose DMA went astray: it still frees its socket's queue space, and goes no further. */
public record LostPacket(Object packet) {}
