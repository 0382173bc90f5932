package io.vioemu.host.memory;

/**
 * One page-sized piece of a DMA, as it happened.
 *
 * @param address the bus address the device issued (an IOVA behind an IOMMU)
 * @param hostPage the host page reached; -1 when blocked
 * @param pageOwner owner of {@code hostPage} at the time; null when blocked or unbacked
 * @param fault why the IOMMU refused it; null otherwise
 * @param latencyPs translation latency the device waited (IOTLB miss walk)
 * @param stale translated through an IOTLB entry the page table no longer holds
 */
public record DmaRecord(
    long atPs,
    int device,
    Owner deviceOwner,
    long address,
    DmaAccess access,
    int bytes,
    long hostPage,
    Owner pageOwner,
    DmaOutcome outcome,
    FaultReason fault,
    long latencyPs,
    boolean stale) {

  /** The owner whose page this DMA reached without belonging to it; null if none. */
  public Owner victim() {
    return outcome == DmaOutcome.LANDED_IN_FOREIGN_PAGE ? pageOwner : null;
  }
}
