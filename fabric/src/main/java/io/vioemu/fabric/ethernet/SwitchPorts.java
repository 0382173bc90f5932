package io.vioemu.fabric.ethernet;

/** What a switch model calls out to. */
public interface SwitchPorts {

  /** Puts {@code frame} on the wire of {@code port}; its last bit arrives at {@code arrivalPs}. */
  void transmit(int port, Frame frame, long arrivalPs);

  /** Calls {@link SwitchModel#onTransmitterFree} for {@code port} at {@code atPs}. */
  void wakeAt(int port, long atPs);

  /** Calls {@link SwitchModel#onForwardingDone} with the same arguments at {@code atPs}. */
  void forwardAt(int ingressPort, Frame frame, long atPs);

  /** A uniform draw from {@code [0, bound)}, from the switch's own seeded stream. */
  long randomBelow(long bound);
}
