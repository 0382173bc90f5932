package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * The whole of the owner's memory mapped once, IOVA = guest-physical address, readable and
 * writable. Per DMA nothing happens and nothing is paid; the device can reach every page of its
 * owner at any time, so it is protected from other owners' devices but not from its own driver.
 *
 * <p>With large pages, as Linux's intel-iommu maps when the IOMMU has super-pages and the memory
 * allows (VFIO mapping a VM's hugepage-backed memory), every 2 MiB run of guest pages that is
 * aligned in both address spaces and contiguous in host memory is one 2 MiB leaf; the rest is
 * mapped in 4 KiB pages.
 */
final class DirectMapper implements DmaMapper {
  private final GuestMemory memory;
  private final MapperTally tally = new MapperTally();

  DirectMapper(GuestMemory memory, IommuModel iommu, int domain, boolean largePages) {
    this.memory = memory;
    long entries = 0;
    long g = 0;
    while (g < memory.pages()) {
      if (largePages && largeRun(memory, g)) {
        iommu.mapLarge(domain, g, memory.hostPage(g), Permission.READ_WRITE);
        g += IoPageTable.LARGE_PAGES;
      } else {
        iommu.map(domain, g, memory.hostPage(g), Permission.READ_WRITE);
        g++;
      }
      entries++;
    }
    // One page-table update per entry written, paid once when the VM is set up.
    tally.setupCycles = Math.multiplyExact(entries, iommu.costs().mapCycles());
  }

  /** Whether the 2 MiB from guest page {@code g} can be one leaf. */
  private static boolean largeRun(GuestMemory memory, long g) {
    long n = IoPageTable.LARGE_PAGES;
    if (g % n != 0 || g + n > memory.pages() || memory.hostPage(g) % n != 0) {
      return false;
    }
    for (long i = 1; i < n; i++) {
      if (memory.hostPage(g + i) != memory.hostPage(g) + i) {
        return false;
      }
    }
    return true;
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
