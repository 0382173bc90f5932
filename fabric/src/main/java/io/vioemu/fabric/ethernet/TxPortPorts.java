package io.vioemu.fabric.ethernet;

/** What a transmit port calls out to. */
public interface TxPortPorts {

  /** Puts {@code frame} on the wire; its last bit reaches the far end at {@code arrivalPs}. */
  void transmit(Frame frame, long arrivalPs);

  /** Calls {@link TxPortModel#onTransmitterFree} at {@code atPs}. */
  void wakeAt(long atPs);
}
