package io.vioemu.fabric.ethernet;

import java.util.HashMap;
import java.util.Map;

/** A transparent bridge's table: source MACs learned per port, unknown destinations flooded. */
public final class LearningTable implements ForwardingTable {
  private final Map<Long, Integer> portOfMac = new HashMap<>();

  @Override
  public void observe(int ingressPort, Frame frame) {
    if (frame.srcMac() != Frame.BROADCAST) {
      portOfMac.put(frame.srcMac(), ingressPort);
    }
  }

  @Override
  public int route(int ingressPort, Frame frame) {
    if (frame.dstMac() == Frame.BROADCAST) {
      return FLOOD;
    }
    return portOfMac.getOrDefault(frame.dstMac(), FLOOD);
  }

  /** The port a MAC was last seen on, or -1. */
  public int portOf(long mac) {
    return portOfMac.getOrDefault(mac, -1);
  }
}
