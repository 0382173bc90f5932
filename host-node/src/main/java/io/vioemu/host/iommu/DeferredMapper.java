package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;
import java.util.ArrayDeque;

/**
 * Strict mapping with batched invalidation, as Linux's flush queue does it: an unmap clears the
 * page table at once but the IOTLB only at the next domain-wide invalidation, issued every {@code
 * batch} unmaps or {@code timeoutPs} after the oldest waiting unmap. Until then a cached
 * translation still lets the device reach the unmapped buffer; that stale window is measured per
 * unmap. IOVAs are reused only after the flush, so a stale entry never serves a new mapping.
 */
final class DeferredMapper implements DmaMapper {
  private record Pending(IovaSpace.Range range, long unmappedAtPs) {}

  private final IommuModel iommu;
  private final int domain;
  private final int batch;
  private final long timeoutPs;
  private final IovaSpace iovas;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final MapperTally tally = new MapperTally();

  DeferredMapper(GuestMemory memory, IommuModel iommu, int domain, int batch, long timeoutPs) {
    if (batch <= 0 || timeoutPs <= 0) {
      throw new IllegalArgumentException(
          "deferred batch and timeout must be > 0, were " + batch + ", " + timeoutPs + " ps");
    }
    this.iommu = iommu;
    this.domain = domain;
    this.batch = batch;
    this.timeoutPs = timeoutPs;
    this.iovas = new IovaSpace(iommu, domain, memory);
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.DEFERRED;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    long cycles = poll(nowPs);
    long address = iovas.map(guestAddress, bytes, direction.permission());
    tally.maps++;
    tally.mapCycles += iommu.costs().mapCycles();
    cycles += iommu.costs().mapCycles();
    return new DmaMapping(address, guestAddress, bytes, direction, cycles);
  }

  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    long cycles = poll(nowPs);
    IovaSpace.Range r = iovas.unmap(mapping.deviceAddress());
    tally.unmaps++;
    tally.unmapCycles += iommu.costs().unmapCycles();
    cycles += iommu.costs().unmapCycles();
    pending.addLast(new Pending(r, nowPs));
    if (pending.size() >= batch) {
      cycles += flush(nowPs);
    }
    return cycles;
  }

  /** Flushes if the oldest waiting unmap reached its timeout; a late call flushes late. */
  @Override
  public long poll(long nowPs) {
    return !pending.isEmpty() && nowPs >= nextDeadlinePs() ? flush(nowPs) : 0;
  }

  @Override
  public long nextDeadlinePs() {
    if (pending.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long oldest = pending.peekFirst().unmappedAtPs();
    return oldest > Long.MAX_VALUE - timeoutPs ? Long.MAX_VALUE : oldest + timeoutPs;
  }

  /** Unmaps whose invalidation has not happened yet. */
  int pendingUnmaps() {
    return pending.size();
  }

  private long flush(long nowPs) {
    long cycles = iommu.invalidateDomain(domain);
    tally.globalInvalidation(cycles);
    for (Pending p : pending) {
      tally.staleWindow(nowPs - p.unmappedAtPs());
      iovas.release(p.range());
    }
    pending.clear();
    return cycles;
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
