package io.vioemu.host.memory;

import java.util.List;

/**
 * A whole DMA: its page-sized pieces in issue order. A refused piece ends the transfer (the device
 * aborts at the first error), so later pieces do not appear.
 */
public record DmaResult(List<DmaRecord> records) {

  public DmaResult {
    records = List.copyOf(records);
  }

  public boolean blocked() {
    return records.stream().anyMatch(r -> r.outcome() == DmaOutcome.BLOCKED_BY_IOMMU);
  }

  public boolean landedInForeignPage() {
    return records.stream().anyMatch(r -> r.outcome() == DmaOutcome.LANDED_IN_FOREIGN_PAGE);
  }

  /** Every piece reached the device owner's own memory. */
  public boolean ok() {
    return records.stream().allMatch(r -> r.outcome() == DmaOutcome.OK);
  }

  /** Translation latency of all pieces, in cycles of the device's wait. */
  public long latencyPs() {
    return records.stream().mapToLong(DmaRecord::latencyPs).sum();
  }
}
