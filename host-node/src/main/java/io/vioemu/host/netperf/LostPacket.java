package io.vioemu.host.netperf;

import io.vioemu.stack.Packet;

/** A packet whose DMA went astray: it still frees its socket's queue space, and goes no further. */
public record LostPacket(Packet packet) implements Packet {
  @Override
  public int flowId() {
    return packet.flowId();
  }

  @Override
  public int packetBytes() {
    return packet.packetBytes();
  }
}
