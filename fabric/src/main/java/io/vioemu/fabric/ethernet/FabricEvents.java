package io.vioemu.fabric.ethernet;

/** Event kinds of the Ethernet entities; {@code word} carries the port. */
public final class FabricEvents {
  /** A frame's last bit arrived on port {@code word}; the payload is the {@link Frame}. */
  public static final int FRAME = 100;

  /** The transmitter of port {@code word} is free again. */
  public static final int TX_FREE = 101;

  /** The forwarding decision for a frame that came in on port {@code word} is made. */
  public static final int FORWARD = 102;

  private FabricEvents() {}
}
