package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * No IOMMU: the device is handed the owner's physical address. For a VM with a pass-through device
 * that is a guest-physical address, which the bus takes as host-physical: the DMA lands in whatever
 * host page has that number. An owner that knows its host-physical addresses (the host kernel, a
 * paravirtualized driver domain through Xen's physical-to-machine table) hands those instead.
 */
final class OffMapper implements DmaMapper {
  private final GuestMemory memory;
  private final boolean hostPhysical;
  private final MapperTally tally = new MapperTally();

  OffMapper(GuestMemory memory, boolean hostPhysical) {
    this.memory = memory;
    this.hostPhysical = hostPhysical;
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.OFF;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    IovaSpace.checkBuffer(memory, guestAddress, bytes);
    tally.maps++;
    long device = hostPhysical ? memory.physicalAddress(guestAddress) : guestAddress;
    return new DmaMapping(device, guestAddress, bytes, direction, 0);
  }

  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    tally.unmaps++;
    return 0;
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
