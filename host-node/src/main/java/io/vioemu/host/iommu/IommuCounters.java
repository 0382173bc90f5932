package io.vioemu.host.iommu;

import io.vioemu.host.memory.FaultReason;
import java.util.Map;

/**
 * What an IOMMU did, since it was created.
 *
 * @param translations requests translated (faulted ones included)
 * @param staleTranslations hits on entries the page table no longer holds
 * @param walkPs page-walk time devices waited after IOTLB misses
 * @param faults faults by reason, every reason present
 * @param faultsNotRecorded faults that found the fault log full
 * @param pagesMapped page-table entries written
 * @param pagesUnmapped page-table entries cleared
 * @param queuedInvalidations invalidation descriptors submitted through the queue
 * @param queueDrains waits for the queue to be processed
 * @param largePagesMapped 2 MiB leaves written
 */
public record IommuCounters(
    long translations,
    long iotlbHits,
    long iotlbMisses,
    long iotlbEvictions,
    long staleTranslations,
    long walkPs,
    Map<FaultReason, Long> faults,
    long faultsNotRecorded,
    long pagesMapped,
    long pagesUnmapped,
    long pageInvalidations,
    long pageInvalidationCycles,
    long globalInvalidations,
    long globalInvalidationCycles,
    long queuedInvalidations,
    long queueDrains,
    long queueDrainCycles,
    long largePagesMapped) {

  /** Hits over lookups, 0 before any lookup. */
  public double iotlbHitRate() {
    long lookups = iotlbHits + iotlbMisses;
    return lookups == 0 ? 0 : (double) iotlbHits / lookups;
  }

  public long faults(FaultReason reason) {
    return faults.get(reason);
  }

  public long totalFaults() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  /** CPU cycles spent waiting for invalidations of any kind. */
  public long invalidationCycles() {
    return pageInvalidationCycles + globalInvalidationCycles + queueDrainCycles;
  }
}
