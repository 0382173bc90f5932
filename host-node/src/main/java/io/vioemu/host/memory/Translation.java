package io.vioemu.host.memory;

/**
 * The answer to "where does this device address go?".
 *
 * @param hostPage the host page reached; -1 when blocked
 * @param fault why the access was refused; null when it was not
 * @param latencyPs what the device waited for the answer, in ps (a page walk after an IOTLB miss)
 * @param stale the answer came from a cached translation the page table no longer holds: the
 *     deferred-invalidation window at work
 */
public record Translation(long hostPage, FaultReason fault, long latencyPs, boolean stale) {

  /** No IOMMU: the bus address is the host-physical address. */
  public static Translation physical(long address) {
    return new Translation(HostMemory.pageOf(address), null, 0, false);
  }

  public static Translation translated(long hostPage, long latencyPs, boolean stale) {
    return new Translation(hostPage, null, latencyPs, stale);
  }

  public static Translation blocked(FaultReason fault, long latencyPs) {
    return new Translation(-1, fault, latencyPs, false);
  }

  public boolean ok() {
    return fault == null;
  }
}
