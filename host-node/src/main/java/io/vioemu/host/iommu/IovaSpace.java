package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.PageRanges;
import java.util.TreeMap;

/**
 * A domain's IOVA space as the DMA API manages it: free IOVA pages handed out lowest first, and the
 * live mappings, each a run of IOVA pages backed by the pages of one guest buffer. IOVA page 0 is
 * never handed out, so a device given a zeroed descriptor faults.
 */
final class IovaSpace {
  /** A live mapping: IOVA pages {@code [first, first + pages)}. */
  record Range(long first, long pages) {}

  private final IommuModel iommu;
  private final int domain;
  private final GuestMemory memory;
  private final PageRanges free = new PageRanges();
  private final TreeMap<Long, Range> live = new TreeMap<>();

  IovaSpace(IommuModel iommu, int domain, GuestMemory memory) {
    this.iommu = iommu;
    this.domain = domain;
    this.memory = memory;
    free.add(1, IoPageTable.MAX_PAGES - 1);
  }

  /** Pages a buffer touches. */
  static long pagesSpanned(long address, int bytes) {
    return HostMemory.pageOf(address + bytes - 1) - HostMemory.pageOf(address) + 1;
  }

  /** Rejects buffers outside the owner's memory: the DMA API only maps memory it owns. */
  static void checkBuffer(GuestMemory memory, long guestAddress, int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a DMA buffer has at least one byte, was " + bytes);
    }
    long first = HostMemory.pageOf(guestAddress);
    long last = HostMemory.pageOf(guestAddress + bytes - 1);
    if (guestAddress < 0 || !memory.contains(first) || !memory.contains(last)) {
      throw new IllegalArgumentException(
          "buffer at guest address "
              + guestAddress
              + " ("
              + bytes
              + " bytes) lies outside "
              + memory.owner()
              + "'s "
              + memory.pages()
              + " pages");
    }
  }

  /**
   * Maps the pages of a guest buffer at fresh, consecutive IOVA pages.
   *
   * @return the device address of the buffer's first byte
   */
  long map(long guestAddress, int bytes, Permission permission) {
    checkBuffer(memory, guestAddress, bytes);
    long pages = pagesSpanned(guestAddress, bytes);
    long iova = free.takeContiguous(pages);
    if (iova < 0) {
      throw new IllegalStateException("IOVA space of domain " + domain + " exhausted");
    }
    long guestPage = HostMemory.pageOf(guestAddress);
    for (long i = 0; i < pages; i++) {
      iommu.map(domain, iova + i, memory.hostPage(guestPage + i), permission);
    }
    live.put(iova, new Range(iova, pages));
    return (iova << HostMemory.PAGE_SHIFT) | HostMemory.offsetOf(guestAddress);
  }

  /**
   * Clears the page-table entries of the live mapping at {@code deviceAddress}. The IOVA pages stay
   * reserved until {@link #release}: reusing them before the IOTLB is invalidated would let a stale
   * entry serve the new mapping.
   */
  Range unmap(long deviceAddress) {
    Range r = live.remove(HostMemory.pageOf(deviceAddress));
    if (r == null) {
      throw new IllegalStateException(
          "no live mapping at device address " + deviceAddress + " (unmapped twice?)");
    }
    for (long i = 0; i < r.pages(); i++) {
      iommu.unmap(domain, r.first() + i);
    }
    return r;
  }

  /** Returns unmapped, invalidated IOVA pages to the free pool. */
  void release(Range r) {
    free.add(r.first(), r.pages());
  }

  /** Pages of the live mapping at {@code deviceAddress}; 0 if none. */
  long pagesOf(long deviceAddress) {
    Range r = live.get(HostMemory.pageOf(deviceAddress));
    return r == null ? 0 : r.pages();
  }

  int liveMappings() {
    return live.size();
  }
}
