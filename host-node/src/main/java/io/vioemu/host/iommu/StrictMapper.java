package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * A fresh mapping per DMA, torn down and invalidated as soon as the DMA completes: the device can
 * reach a buffer only while it is in flight, at the price of a map, an unmap and a waited-for
 * page-selective invalidation per DMA, and an IOTLB that never hits across DMAs.
 */
final class StrictMapper implements DmaMapper {
  private final IommuModel iommu;
  private final int domain;
  private final IovaSpace iovas;
  private final MapperTally tally = new MapperTally();

  StrictMapper(GuestMemory memory, IommuModel iommu, int domain) {
    this.iommu = iommu;
    this.domain = domain;
    this.iovas = new IovaSpace(iommu, domain, memory);
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.STRICT;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    long address = iovas.map(guestAddress, bytes, direction.permission());
    long cycles = iommu.costs().mapCycles();
    tally.maps++;
    tally.mapCycles += cycles;
    return new DmaMapping(address, guestAddress, bytes, direction, cycles);
  }

  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    IovaSpace.Range r = iovas.unmap(mapping.deviceAddress());
    long unmapCycles = iommu.costs().unmapCycles();
    long invalidationCycles = iommu.invalidatePages(domain, r.first(), r.pages());
    iovas.release(r);
    tally.unmaps++;
    tally.unmapCycles += unmapCycles;
    tally.pageInvalidation(invalidationCycles);
    return unmapCycles + invalidationCycles;
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
