package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * No IOMMU: the device is handed the owner's physical address. For a VM with a pass-through device
 * that is a guest-physical address, which the bus takes as host-physical: the DMA lands in whatever
 * host page has that number.
 */
final class OffMapper implements DmaMapper {
  private final GuestMemory memory;
  private final MapperTally tally = new MapperTally();

  OffMapper(GuestMemory memory) {
    this.memory = memory;
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.OFF;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    IovaSpace.checkBuffer(memory, guestAddress, bytes);
    tally.maps++;
    return new DmaMapping(guestAddress, guestAddress, bytes, direction, 0);
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
