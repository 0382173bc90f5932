package io.vioemu.host.memory;

/** A DMA from the device's side: it reads memory (transmit) or writes memory (receive). */
public enum DmaAccess {
  READ,
  WRITE
}
