package io.vioemu.host.iommu;

/**
 * A buffer made reachable by a device: program {@code deviceAddress} into the descriptor.
 *
 * @param deviceAddress the bus address for the device (IOVA, guest-physical address, or bounce
 *     buffer); -1 if the mapping failed
 * @param guestAddress the buffer in the owner's physical address space
 * @param cycles CPU cycles this map call cost
 */
public record DmaMapping(
    long deviceAddress, long guestAddress, int bytes, DmaDirection direction, long cycles) {

  static DmaMapping failed(long guestAddress, int bytes, DmaDirection direction) {
    return new DmaMapping(-1, guestAddress, bytes, direction, 0);
  }

  /** False when no mapping could be made (all bounce buffers busy): the driver drops the I/O. */
  public boolean mapped() {
    return deviceAddress >= 0;
  }
}
