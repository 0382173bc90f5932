package io.vioemu.host.memory;

/**
 * The answer to "where does this device address go?".
 *
 * @param hostPage the host page reached; -1 when blocked
 * @param fault why the access was refused; null when it was not
 * @param latencyCycles what the device waited for the answer (a page walk after an IOTLB miss)
 * @param stale the answer came from a cached translation the page table no longer holds: the
 *     deferred-invalidation window at work
 */
public record Translation(long hostPage, FaultReason fault, long latencyCycles, boolean stale) {

  /** No IOMMU: the bus address is the host-physical address. */
  public static Translation physical(long address) {
    return new Translation(HostMemory.pageOf(address), null, 0, false);
  }

  public static Translation translated(long hostPage, long latencyCycles, boolean stale) {
    return new Translation(hostPage, null, latencyCycles, stale);
  }

  public static Translation blocked(FaultReason fault, long latencyCycles) {
    return new Translation(-1, fault, latencyCycles, false);
  }

  public boolean ok() {
    return fault == null;
  }
}
