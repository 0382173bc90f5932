package io.vioemu.host.iommu;

import io.vioemu.host.memory.DmaTranslator;
import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Translation;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One host's IOMMU: the context table sends each device to a domain, the domain's page table maps
 * IOVA pages to host pages with permissions, and the IOTLB caches what the walks found.
 *
 * <p>Unmapping clears the page-table entry only; a cached translation stays usable until an
 * invalidation removes it. That is how the hardware behaves, and it is what makes deferred
 * invalidation a trade of safety for speed: between the unmap and the invalidation the device can
 * still reach the page.
 *
 * <p>Invalidations return the CPU cycles the submitting software waits; map and unmap cycles are
 * the DMA API's and are charged by {@link DmaMapper}. With queued invalidation (the profile's
 * hardware has it, so Linux's intel-iommu uses it) each invalidation is a descriptor in the queue
 * and a wait descriptor; without, it goes through the IOTLB registers. IOTLB misses cost the device
 * a page walk, reads one after the other ({@link Translation#latencyPs()}), not CPU. A domain may
 * map 2 MiB at a time ({@link #mapLarge}): one IOTLB entry then covers 512 pages, and the walk to
 * it makes one read fewer.
 */
public final class IommuModel implements DmaTranslator {
  private record Queued(int domain, long iovaPage) {}

  /** A device's context entry (no domain while detached) and what its requests met. */
  private static final class Context {
    Integer domain;
    long translations;
    long iotlbHits;
    long iotlbMisses;
    long faults;
  }

  private final IommuCosts costs;
  private final Iotlb iotlb;
  private final FaultLog faultLog;
  private final int queueDepth;
  private final TreeMap<Integer, Context> contexts = new TreeMap<>();
  private final TreeMap<Integer, IoPageTable> domains = new TreeMap<>();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final EnumMap<FaultReason, Long> faults = new EnumMap<>(FaultReason.class);
  private long translations;
  private long staleTranslations;
  private long walkPs;
  private long largePagesMapped;
  private long pagesMapped;
  private long pagesUnmapped;
  private long pageInvalidations;
  private long pageInvalidationCycles;
  private long globalInvalidations;
  private long globalInvalidationCycles;
  private long queuedInvalidations;
  private long queueDrains;
  private long queueDrainCycles;

  public IommuModel(IommuSettings settings, IommuCosts costs) {
    this.costs = costs;
    this.iotlb = new Iotlb(settings.iotlbEntries(), settings.iotlbWays());
    this.faultLog = new FaultLog(settings.faultRecords());
    this.queueDepth = settings.invalidationQueueDepth();
    for (FaultReason r : FaultReason.values()) {
      faults.put(r, 0L);
    }
  }

  public IommuCosts costs() {
    return costs;
  }

  public Iotlb iotlb() {
    return iotlb;
  }

  public FaultLog faultLog() {
    return faultLog;
  }

  // ---- context table ----

  /** Points {@code device}'s context entry at {@code domain}, creating the domain if new. */
  public void attach(int device, int domain) {
    domains.computeIfAbsent(domain, d -> new IoPageTable());
    contexts.computeIfAbsent(device, d -> new Context()).domain = domain;
  }

  /** Clears the device's context entry: its DMA faults with {@link FaultReason#NO_CONTEXT}. */
  public void detach(int device) {
    Context c = contexts.get(device);
    if (c != null) {
      c.domain = null;
    }
  }

  public OptionalInt domainOf(int device) {
    Context c = contexts.get(device);
    return c == null || c.domain == null ? OptionalInt.empty() : OptionalInt.of(c.domain);
  }

  // ---- page tables ----

  /** Writes one page-table entry; a cached translation of the page becomes stale, not updated. */
  public void map(int domain, long iovaPage, long hostPage, Permission permission) {
    domains.computeIfAbsent(domain, d -> new IoPageTable()).set(iovaPage, hostPage, permission);
    var cached = iotlb.peek(domain, iovaPage);
    if (cached.isPresent()
        && (cached.get().hostPage() != hostPage || cached.get().permission() != permission)) {
      iotlb.markStale(domain, iovaPage);
    }
    pagesMapped++;
  }

  /**
   * Maps 512 pages from {@code iovaPage} (2 MiB aligned) to 512 host pages from {@code hostPage}
   * (aligned too) with one 2 MiB leaf.
   */
  public void mapLarge(int domain, long iovaPage, long hostPage, Permission permission) {
    domains
        .computeIfAbsent(domain, d -> new IoPageTable())
        .setLarge(iovaPage, hostPage, permission);
    pagesMapped += IoPageTable.LARGE_PAGES;
    largePagesMapped++;
  }

  /** Clears one page-table entry. The IOTLB is not touched: that takes an invalidation. */
  public void unmap(int domain, long iovaPage) {
    IoPageTable table = domains.get(domain);
    if (table == null || !table.clear(iovaPage)) {
      throw new IllegalStateException(
          "domain " + domain + " has no mapping at IOVA page " + iovaPage);
    }
    iotlb.markStale(domain, iovaPage);
    pagesUnmapped++;
  }

  /** The host page the page table maps {@code iovaPage} to, ignoring the IOTLB. */
  public OptionalLong mapped(int domain, long iovaPage) {
    IoPageTable table = domains.get(domain);
    long e = table == null ? 0 : table.get(iovaPage);
    return IoPageTable.isPresent(e)
        ? OptionalLong.of(IoPageTable.hostPage(e))
        : OptionalLong.empty();
  }

  /** Page-table pages the domain uses (4 KiB each in hardware). */
  public long pageTablePages(int domain) {
    IoPageTable table = domains.get(domain);
    return table == null ? 0 : table.tablePages();
  }

  // ---- invalidation ----

  /** Page-selective invalidation of one IOVA page; returns the cycles the CPU waits. */
  public long invalidatePage(int domain, long iovaPage) {
    return invalidatePages(domain, iovaPage, 1);
  }

  /**
   * One page-selective invalidation descriptor covering {@code pages} pages from {@code first}
   * (VT-d's address mask); returns the cycles the CPU waits.
   */
  public long invalidatePages(int domain, long first, long pages) {
    for (long p = first; p < first + pages; p++) {
      iotlb.invalidate(domain, p);
      iotlb.invalidate(domain, largeTag(p));
    }
    queued();
    pageInvalidations++;
    pageInvalidationCycles += costs.pageInvalidationCycles();
    return costs.pageInvalidationCycles();
  }

  /** Domain-selective invalidation: every cached entry of the domain goes. */
  public long invalidateDomain(int domain) {
    iotlb.invalidateDomain(domain);
    queued();
    globalInvalidations++;
    globalInvalidationCycles += costs.globalInvalidationCycles();
    return costs.globalInvalidationCycles();
  }

  /** With queued invalidation, an invalidation is one descriptor and one wait for it. */
  private void queued() {
    if (costs.queuedInvalidation()) {
      queuedInvalidations++;
      queueDrains++;
    }
  }

  /** The IOTLB's tag of the 2 MiB region that holds {@code page}, apart from every 4 KiB tag. */
  static long largeTag(long page) {
    return LARGE_TAG | (page >>> 9);
  }

  private static final long LARGE_TAG = 1L << 62;

  /**
   * Submits a page invalidation to the invalidation queue. It takes effect only when the queue is
   * drained, which happens here once {@code invalidationQueueDepth} descriptors wait.
   *
   * @return the cycles of the drain if this submission triggered one, else 0
   */
  public long queueInvalidation(int domain, long iovaPage) {
    queue.addLast(new Queued(domain, iovaPage));
    queuedInvalidations++;
    return queue.size() >= queueDepth ? drainInvalidationQueue() : 0;
  }

  /**
   * Lets the hardware process every queued descriptor and waits for it once (an invalidation wait
   * descriptor): the batch costs one wait of a page-selective invalidation. Returns 0 if empty.
   */
  public long drainInvalidationQueue() {
    if (queue.isEmpty()) {
      return 0;
    }
    while (!queue.isEmpty()) {
      Queued q = queue.removeFirst();
      iotlb.invalidate(q.domain(), q.iovaPage());
    }
    queueDrains++;
    queueDrainCycles += costs.pageInvalidationCycles();
    return costs.pageInvalidationCycles();
  }

  public int queuedPending() {
    return queue.size();
  }

  // ---- translation ----

  /** Translates a device's request: IOTLB first, page walk on a miss, fault if refused. */
  @Override
  public Translation translate(int device, long iova, boolean write, long nowPs) {
    translations++;
    Context c = contexts.get(device);
    if (c == null || c.domain == null) {
      return fault(c, device, iova, write, FaultReason.NO_CONTEXT, 0, nowPs);
    }
    c.translations++;
    int domain = c.domain;
    long page = HostMemory.pageOf(iova);
    long large = largeTag(page);
    boolean inLarge = iotlb.contains(domain, large);
    var cached = iotlb.lookup(domain, inLarge ? large : page);
    if (cached.isPresent()) {
      c.iotlbHits++;
      IotlbEntry e = cached.get();
      if (e.stale()) {
        staleTranslations++;
      }
      long host = inLarge ? e.hostPage() + (page & (IoPageTable.LARGE_PAGES - 1)) : e.hostPage();
      return check(c, device, iova, write, e.permission(), host, 0, e.stale(), nowPs);
    }
    c.iotlbMisses++;
    IoPageTable table = domains.get(domain);
    long entry = table.get(page);
    boolean largeLeaf = table.isLarge(page);
    long walk = costs.walkPs(largeLeaf);
    walkPs += walk;
    if (!IoPageTable.isPresent(entry)) {
      return fault(c, device, iova, write, FaultReason.NOT_PRESENT, walk, nowPs);
    }
    // The walk found a valid translation: it is cached even if this access is refused.
    Permission perm = IoPageTable.permission(entry);
    long host = IoPageTable.hostPage(entry);
    if (largeLeaf) {
      iotlb.fill(domain, large, host - (page & (IoPageTable.LARGE_PAGES - 1)), perm);
    } else {
      iotlb.fill(domain, page, host, perm);
    }
    return check(c, device, iova, write, perm, host, walk, false, nowPs);
  }

  private Translation check(
      Context c,
      int device,
      long iova,
      boolean write,
      Permission perm,
      long hostPage,
      long latency,
      boolean stale,
      long nowPs) {
    if (perm.allows(write)) {
      return Translation.translated(hostPage, latency, stale);
    }
    FaultReason reason = write ? FaultReason.WRITE_TO_READ_ONLY : FaultReason.READ_FROM_WRITE_ONLY;
    return fault(c, device, iova, write, reason, latency, nowPs);
  }

  private Translation fault(
      Context c,
      int device,
      long iova,
      boolean write,
      FaultReason reason,
      long latency,
      long nowPs) {
    if (c != null) {
      c.faults++;
    }
    faults.merge(reason, 1L, Long::sum);
    faultLog.record(new IommuFault(nowPs, device, iova, write, reason));
    return Translation.blocked(reason, latency);
  }

  /**
   * What one device's requests met: with one IOMMU per host, the IOTLB that every device shares is
   * counted here per device too. Zeros for a device never attached.
   */
  public IommuDeviceCounters deviceCounters(int device) {
    Context c = contexts.get(device);
    return c == null
        ? new IommuDeviceCounters(0, 0, 0, 0)
        : new IommuDeviceCounters(c.translations, c.iotlbHits, c.iotlbMisses, c.faults);
  }

  public IommuCounters counters() {
    return new IommuCounters(
        translations,
        iotlb.hits(),
        iotlb.misses(),
        iotlb.evictions(),
        staleTranslations,
        walkPs,
        Collections.unmodifiableMap(new EnumMap<>(faults)),
        faultLog.notRecorded(),
        pagesMapped,
        pagesUnmapped,
        pageInvalidations,
        pageInvalidationCycles,
        globalInvalidations,
        globalInvalidationCycles,
        queuedInvalidations,
        queueDrains,
        queueDrainCycles,
        largePagesMapped);
  }
}
