package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import java.util.LinkedHashMap;

/**
 * Mappings kept and reused, keyed by the buffer's first guest page: a driver that recycles a fixed
 * set of buffers pays the map once per buffer, and unmap is free. Mappings are readable and
 * writable, since a pooled mapping serves any direction; the device can reach every pooled buffer
 * at any time. When the pool is full the least recently used mapping is torn down (unmap and a
 * page-selective invalidation, as strict would).
 */
final class PersistentMapper implements DmaMapper {
  private final GuestMemory memory;
  private final IommuModel iommu;
  private final int domain;
  private final int capacity;
  private final IovaSpace iovas;
  // guest first page -> its mapping; access order makes iteration least recently used first
  private final LinkedHashMap<Long, Pooled> pool = new LinkedHashMap<>(16, 0.75f, true);
  private final MapperTally tally = new MapperTally();

  private record Pooled(long iovaFirst, long pages) {}

  PersistentMapper(GuestMemory memory, IommuModel iommu, int domain, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("pool capacity must be > 0, was " + capacity);
    }
    this.memory = memory;
    this.iommu = iommu;
    this.domain = domain;
    this.capacity = capacity;
    this.iovas = new IovaSpace(iommu, domain, memory);
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.PERSISTENT;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    IovaSpace.checkBuffer(memory, guestAddress, bytes);
    long guestPage = HostMemory.pageOf(guestAddress);
    long pages = IovaSpace.pagesSpanned(guestAddress, bytes);
    tally.maps++;
    Pooled p = pool.get(guestPage);
    long cycles = 0;
    if (p != null && p.pages() >= pages) {
      tally.poolReuses++;
    } else {
      if (p != null) {
        cycles += evict(guestPage); // the buffer grew: map it again, larger
      } else if (pool.size() >= capacity) {
        cycles += evict(pool.keySet().iterator().next());
      }
      long address = iovas.map(guestAddress, bytes, Permission.READ_WRITE);
      p = new Pooled(HostMemory.pageOf(address), pages);
      pool.put(guestPage, p);
      tally.mapCycles += iommu.costs().mapCycles();
      cycles += iommu.costs().mapCycles();
    }
    long deviceAddress =
        (p.iovaFirst() << HostMemory.PAGE_SHIFT) | HostMemory.offsetOf(guestAddress);
    return new DmaMapping(deviceAddress, guestAddress, bytes, direction, cycles);
  }

  /** The mapping stays in the pool: nothing to do, nothing to pay. */
  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    tally.unmaps++;
    return 0;
  }

  private long evict(long guestPage) {
    Pooled p = pool.remove(guestPage);
    IovaSpace.Range r = iovas.unmap(p.iovaFirst() << HostMemory.PAGE_SHIFT);
    long invalidation = iommu.invalidatePages(domain, r.first(), r.pages());
    iovas.release(r);
    tally.poolEvictions++;
    tally.unmapCycles += iommu.costs().unmapCycles();
    tally.pageInvalidation(invalidation);
    return iommu.costs().unmapCycles() + invalidation;
  }

  /** Pooled mappings now. */
  int pooled() {
    return pool.size();
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
