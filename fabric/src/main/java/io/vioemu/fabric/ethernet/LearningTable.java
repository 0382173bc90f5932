package io.vioemu.fabric.ethernet;

/** A transparent bridge's table: source MACs learned per port, unknown destinations flooded. */
public final class LearningTable implements ForwardingTable {
  private final MacTable portOfMac = new MacTable();

  @Override
  public void observe(int ingressPort, Frame frame) {
    if (frame.srcMac() != Frame.BROADCAST && portOfMac.get(frame.srcMac(), -1) != ingressPort) {
      portOfMac.put(frame.srcMac(), ingressPort);
    }
  }

  @Override
  public int route(int ingressPort, Frame frame) {
    if (frame.dstMac() == Frame.BROADCAST) {
      return FLOOD;
    }
    return portOfMac.get(frame.dstMac(), FLOOD);
  }

  /** The port a MAC was last seen on, or -1. */
  public int portOf(long mac) {
    return portOfMac.get(mac, -1);
  }
}
