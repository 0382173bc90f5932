package io.vioemu.host.iommu;

import io.vioemu.host.virt.VirtCosts;

/**
 * The IOMMU's share of {@link VirtCosts}, in cycles.
 *
 * @param mapCycles the DMA API mapping one buffer (page-table update)
 * @param unmapCycles the DMA API unmapping one buffer (page-table update, no invalidation)
 * @param pageInvalidationCycles one page-selective invalidation, waited for
 * @param globalInvalidationCycles one domain-wide invalidation, waited for
 * @param missCycles the device's page walk after an IOTLB miss (paid in DMA latency, not CPU)
 */
public record IommuCosts(
    long mapCycles,
    long unmapCycles,
    long pageInvalidationCycles,
    long globalInvalidationCycles,
    long missCycles) {

  public IommuCosts {
    if (mapCycles < 0
        || unmapCycles < 0
        || pageInvalidationCycles < 0
        || globalInvalidationCycles < 0
        || missCycles < 0) {
      throw new IllegalArgumentException("IOMMU costs must be >= 0: " + this);
    }
  }

  public static IommuCosts from(VirtCosts c) {
    return new IommuCosts(
        c.iommuMapCycles(),
        c.iommuUnmapCycles(),
        c.iotlbInvalidationCycles(),
        c.iotlbGlobalInvalidationCycles(),
        c.iotlbMissCycles());
  }
}
