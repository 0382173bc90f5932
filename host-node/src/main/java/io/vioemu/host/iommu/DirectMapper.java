package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * The whole of the owner's memory mapped once, IOVA = guest-physical address, readable and
 * writable. Per DMA nothing happens and nothing is paid; the device can reach every page of its
 * owner at any time, so it is protected from other owners' devices but not from its own driver.
 */
final class DirectMapper implements DmaMapper {
  private final GuestMemory memory;
  private final MapperTally tally = new MapperTally();

  DirectMapper(GuestMemory memory, IommuModel iommu, int domain) {
    this.memory = memory;
    for (long g = 0; g < memory.pages(); g++) {
      iommu.map(domain, g, memory.hostPage(g), Permission.READ_WRITE);
    }
    // One page-table update per page, paid once when the VM is set up.
    tally.setupCycles = Math.multiplyExact(memory.pages(), iommu.costs().mapCycles());
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.DIRECT;
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
