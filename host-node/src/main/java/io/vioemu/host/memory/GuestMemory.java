package io.vioemu.host.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A VM's (or driver domain's) guest-physical memory: guest page {@code g} is backed by some host
 * page, generally not page {@code g}. That difference is the whole story of pass-through without an
 * IOMMU: a device programmed with guest-physical addresses reaches host page {@code g}.
 */
public final class GuestMemory {
  private final Owner owner;
  private final long pages;
  private final TreeMap<Long, GuestRun> runs = new TreeMap<>(); // guest first page -> run

  /** Guest pages {@code [guestFirst, guestFirst + pages)} backed by consecutive host pages. */
  private record GuestRun(long guestFirst, long hostFirst, long pages) {}

  private GuestMemory(Owner owner, long pages, List<PageRun> backing) {
    this.owner = owner;
    this.pages = pages;
    long guest = 0;
    for (PageRun run : backing) {
      runs.put(guest, new GuestRun(guest, run.first(), run.pages()));
      guest += run.pages();
    }
  }

  /**
   * Backs {@code pages} guest pages with the lowest free host pages, in order: guest page 0 gets
   * the lowest.
   */
  public static GuestMemory allocate(HostMemory host, Owner owner, long pages) {
    if (owner.kind() != Owner.Kind.VM && owner.kind() != Owner.Kind.DRIVER_DOMAIN) {
      throw new IllegalArgumentException("guest memory belongs to a VM or driver domain: " + owner);
    }
    return new GuestMemory(owner, pages, host.allocate(owner, pages));
  }

  /**
   * A region of the host kernel's own memory (the hypervisor's under KVM, a bare-metal OS's), for
   * its DMA buffers: hypervisor pages, numbered from 0 like a guest's so that one DMA API serves
   * both. The host kernel knows its pages' physical addresses, so without an IOMMU its devices are
   * given those ({@link #physicalAddress}), not these numbers.
   */
  public static GuestMemory hostKernel(HostMemory host, long pages) {
    return new GuestMemory(Owner.HYPERVISOR, pages, host.allocate(Owner.HYPERVISOR, pages));
  }

  /** The host-physical address behind {@code guestAddress}. */
  public long physicalAddress(long guestAddress) {
    return (hostPage(HostMemory.pageOf(guestAddress)) << HostMemory.PAGE_SHIFT)
        | HostMemory.offsetOf(guestAddress);
  }

  public Owner owner() {
    return owner;
  }

  /** Guest-physical size in pages; guest pages run from 0 to {@code pages() - 1}. */
  public long pages() {
    return pages;
  }

  public boolean contains(long guestPage) {
    return guestPage >= 0 && guestPage < pages;
  }

  /** The host page backing {@code guestPage}. */
  public long hostPage(long guestPage) {
    if (!contains(guestPage)) {
      throw new IndexOutOfBoundsException(
          owner + " has guest pages [0, " + pages + "), not " + guestPage);
    }
    Map.Entry<Long, GuestRun> e = runs.floorEntry(guestPage);
    return e.getValue().hostFirst() + (guestPage - e.getKey());
  }

  /** The host-physical address of a guest-physical address. */
  public long hostAddress(long guestAddress) {
    return (hostPage(HostMemory.pageOf(guestAddress)) << HostMemory.PAGE_SHIFT)
        | HostMemory.offsetOf(guestAddress);
  }

  /** The host runs backing the guest, in guest order. */
  public List<PageRun> backing() {
    List<PageRun> out = new ArrayList<>(runs.size());
    for (GuestRun r : runs.values()) {
      out.add(new PageRun(r.hostFirst(), r.pages()));
    }
    return out;
  }

  /** Returns the backing pages to {@code host}; this memory must not be used afterwards. */
  public void release(HostMemory host) {
    for (PageRun run : backing()) {
      host.free(run);
    }
  }
}
