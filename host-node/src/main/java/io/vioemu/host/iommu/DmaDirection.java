package io.vioemu.host.iommu;

/** The DMA API's direction of a buffer, which decides the permission its mapping gets. */
public enum DmaDirection {
  /** The device reads the buffer (transmit): mapped read-only. */
  TO_DEVICE(Permission.READ),
  /** The device writes the buffer (receive): mapped write-only. */
  FROM_DEVICE(Permission.WRITE),
  BIDIRECTIONAL(Permission.READ_WRITE);

  private final Permission permission;

  DmaDirection(Permission permission) {
    this.permission = permission;
  }

  public Permission permission() {
    return permission;
  }

  /** Data flows from memory to the device, so a bounce buffer is filled before the DMA. */
  boolean deviceReads() {
    return this != FROM_DEVICE;
  }

  /** Data flows from the device to memory, so a bounce buffer is copied back after the DMA. */
  boolean deviceWrites() {
    return this != TO_DEVICE;
  }
}
