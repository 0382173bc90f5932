package io.vioemu.host.memory;

/** What became of one page-sized piece of a DMA. */
public enum DmaOutcome {
  /** It reached a page of the device's owner. */
  OK,
  /** It reached a page that belongs to someone else (or to no one): the victim is recorded. */
  LANDED_IN_FOREIGN_PAGE,
  /** The IOMMU refused it: nothing was read or written. */
  BLOCKED_BY_IOMMU,
  /** The address lies beyond installed memory: the bus rejects it, nothing is touched. */
  UNBACKED
}
