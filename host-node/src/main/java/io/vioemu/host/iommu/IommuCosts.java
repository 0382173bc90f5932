package io.vioemu.host.iommu;

import io.vioemu.host.virt.VirtCosts;

/**
 * The IOMMU's share of {@link VirtCosts}: CPU cycles of the DMA API's calls and of invalidations,
 * and the time a page walk adds to a device's DMA.
 *
 * @param mapCycles the DMA API mapping one buffer (page-table update)
 * @param unmapCycles the DMA API unmapping one buffer (page-table update, no invalidation)
 * @param pageInvalidationCycles one page-selective invalidation, waited for
 * @param globalInvalidationCycles one domain-wide invalidation, waited for
 * @param walkReadPs one memory read of the page walker after an IOTLB miss
 * @param walkReads reads of a walk to a 4 KiB leaf once the paging-structure caches have answered
 *     the upper levels
 * @param queuedInvalidation the IOMMU has queued invalidation, and Linux uses it: every
 *     invalidation is a descriptor in the queue followed by a wait descriptor the CPU spins on
 */
public record IommuCosts(
    long mapCycles,
    long unmapCycles,
    long pageInvalidationCycles,
    long globalInvalidationCycles,
    long walkReadPs,
    long walkReads,
    boolean queuedInvalidation) {

  public IommuCosts {
    if (mapCycles < 0
        || unmapCycles < 0
        || pageInvalidationCycles < 0
        || globalInvalidationCycles < 0
        || walkReadPs < 0
        || walkReads < 0) {
      throw new IllegalArgumentException("IOMMU costs must be >= 0: " + this);
    }
  }

  public static IommuCosts from(VirtCosts c) {
    return new IommuCosts(
        c.iommuMapCycles(),
        c.iommuUnmapCycles(),
        c.iotlbInvalidationCycles(),
        c.iotlbGlobalInvalidationCycles(),
        c.iommuWalkReadPs(),
        c.iommuWalkReads(),
        c.iommuQueuedInvalidation() != 0);
  }

  /**
   * The time a page walk adds to a DMA: its reads one after the other (each needs the entry the
   * previous one returned). A 2 MiB leaf sits one level up, so its walk makes one read fewer, but
   * never none.
   */
  public long walkPs(boolean largeLeaf) {
    if (walkReads == 0) {
      return 0;
    }
    long reads = largeLeaf ? Math.max(1, walkReads - 1) : walkReads;
    return Math.multiplyExact(reads, walkReadPs);
  }
}
