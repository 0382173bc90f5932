package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Optimistic teardown (Amit, Ben-Yehuda, Tsafrir and Schuster, "vIOMMU: Efficient IOMMU Emulation",
 * USENIX ATC 2011): an unmap does not tear the mapping down but keeps it, for at most {@code
 * timeoutPs} and with at most {@code limit} mappings kept, in case the driver maps the same buffer
 * again, as drivers that recycle their buffers do; a map of a kept buffer reuses it and costs
 * nothing. A mapping kept too long, or pushed out by a newer one past the limit, is unmapped and
 * invalidated as strict would. While kept, the device can still reach the buffer: that window is
 * measured like the deferred strategy's.
 */
final class OptimisticMapper implements DmaMapper {
  /** A buffer as the driver maps it: its first byte and the direction (a mapping's permission). */
  private record Key(long guestAddress, DmaDirection direction) {}

  private record Kept(long deviceAddress, long pages, long keptAtPs) {}

  private final GuestMemory memory;
  private final IommuModel iommu;
  private final int domain;
  private final int limit;
  private final long timeoutPs;
  private final IovaSpace iovas;

  /** Kept mappings, oldest first. */
  private final LinkedHashMap<Key, Kept> kept = new LinkedHashMap<>();

  private final MapperTally tally = new MapperTally();

  OptimisticMapper(GuestMemory memory, IommuModel iommu, int domain, int limit, long timeoutPs) {
    if (limit <= 0 || timeoutPs <= 0) {
      throw new IllegalArgumentException(
          "optimistic limit and timeout must be > 0, were " + limit + ", " + timeoutPs + " ps");
    }
    this.memory = memory;
    this.iommu = iommu;
    this.domain = domain;
    this.limit = limit;
    this.timeoutPs = timeoutPs;
    this.iovas = new IovaSpace(iommu, domain, memory);
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.OPTIMISTIC;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    long cycles = poll(nowPs);
    IovaSpace.checkBuffer(memory, guestAddress, bytes);
    tally.maps++;
    Kept k = kept.remove(new Key(guestAddress, direction));
    if (k != null && k.pages() >= IovaSpace.pagesSpanned(guestAddress, bytes)) {
      tally.poolReuses++;
      return new DmaMapping(k.deviceAddress(), guestAddress, bytes, direction, cycles);
    }
    if (k != null) {
      cycles += tearDown(k, nowPs); // kept, but smaller than this buffer
    }
    long address = iovas.map(guestAddress, bytes, direction.permission());
    tally.mapCycles += iommu.costs().mapCycles();
    return new DmaMapping(
        address, guestAddress, bytes, direction, cycles + iommu.costs().mapCycles());
  }

  /** Keeps the mapping; tears the oldest kept one down if that makes one too many. */
  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    long cycles = poll(nowPs);
    tally.unmaps++;
    Key key = new Key(mapping.guestAddress(), mapping.direction());
    Kept before = kept.remove(key);
    if (before != null) {
      cycles += tearDown(before, nowPs);
    }
    long address = mapping.deviceAddress();
    kept.put(key, new Kept(address, iovas.pagesOf(address), nowPs));
    if (kept.size() > limit) {
      Iterator<Kept> oldest = kept.values().iterator();
      Kept k = oldest.next();
      oldest.remove();
      cycles += tearDown(k, nowPs);
    }
    return cycles;
  }

  /** Tears down every mapping kept for {@code timeoutPs} or longer. */
  @Override
  public long poll(long nowPs) {
    long cycles = 0;
    Iterator<Kept> oldest = kept.values().iterator();
    while (oldest.hasNext()) {
      Kept k = oldest.next();
      if (nowPs - k.keptAtPs() < timeoutPs) {
        break;
      }
      oldest.remove();
      cycles += tearDown(k, nowPs);
    }
    return cycles;
  }

  @Override
  public long nextDeadlinePs() {
    if (kept.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long at = kept.values().iterator().next().keptAtPs();
    return at > Long.MAX_VALUE - timeoutPs ? Long.MAX_VALUE : at + timeoutPs;
  }

  /** The unmap strict would have made at once, and its invalidation. */
  private long tearDown(Kept k, long nowPs) {
    IovaSpace.Range r = iovas.unmap(k.deviceAddress());
    long invalidation = iommu.invalidatePages(domain, r.first(), r.pages());
    iovas.release(r);
    tally.poolEvictions++;
    tally.unmapCycles += iommu.costs().unmapCycles();
    tally.pageInvalidation(invalidation);
    tally.staleWindow(nowPs - k.keptAtPs());
    return iommu.costs().unmapCycles() + invalidation;
  }

  /** Mappings kept for reuse now. */
  int keptMappings() {
    return kept.size();
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
