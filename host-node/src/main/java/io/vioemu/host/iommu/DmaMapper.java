package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;

/**
 * The DMA API of the OS that owns a device: it turns a buffer of the owner's memory into an address
 * the device may use, and takes that away again. Each strategy trades CPU cycles per DMA against
 * protection; every call returns the cycles it cost, for the caller to run on a core.
 *
 * <p>Addresses given to {@link #map} are the owner's physical addresses (guest-physical for a VM).
 * A guest reaching the IOMMU goes through its hypervisor; what that trip costs is the host model's
 * business, not this one's.
 */
public sealed interface DmaMapper
    permits OffMapper,
        DirectMapper,
        StrictMapper,
        DeferredMapper,
        PersistentMapper,
        OptimisticMapper,
        CopyMapper {

  DmaStrategy strategy();

  /** Makes {@code bytes} at {@code guestAddress} reachable by the device. */
  DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs);

  /**
   * Ends a mapping after the DMA completed.
   *
   * @return the CPU cycles this cost
   */
  long unmap(DmaMapping mapping, long nowPs);

  /**
   * Time-driven work: the deferred strategy's flush timer, optimistic teardown's timeouts. The
   * owner's OS runs it at {@link #nextDeadlinePs()} (a timer), and before each map and unmap.
   *
   * @return the CPU cycles this cost
   */
  default long poll(long nowPs) {
    return 0;
  }

  /** When {@link #poll} has work next; {@link Long#MAX_VALUE} if never. */
  default long nextDeadlinePs() {
    return Long.MAX_VALUE;
  }

  DmaCounters counters();

  /** The strategy {@code settings} names, over the owner's memory and its IOMMU domain. */
  static DmaMapper create(
      DmaMapperSettings settings, GuestMemory memory, IommuModel iommu, int domain) {
    return switch (settings.strategy()) {
      case OFF -> off(memory);
      case DIRECT -> new DirectMapper(memory, iommu, domain, settings.largePages());
      case STRICT -> strict(memory, iommu, domain);
      case DEFERRED ->
          deferred(memory, iommu, domain, settings.deferredBatch(), settings.deferredTimeoutPs());
      case PERSISTENT -> persistent(memory, iommu, domain, settings.poolCapacity());
      case OPTIMISTIC ->
          new OptimisticMapper(
              memory, iommu, domain, settings.optimisticLimit(), settings.optimisticTimeoutPs());
      case COPY ->
          copy(
              memory,
              iommu,
              domain,
              settings.bounceBuffers(),
              settings.bounceBufferPages(),
              settings.copyMilliCyclesPerByte());
    };
  }

  /**
   * As {@link #create}, for an owner that knows the host-physical addresses of its memory (the host
   * kernel; a paravirtualized driver domain): without an IOMMU its devices are given those.
   */
  static DmaMapper createHostPhysical(
      DmaMapperSettings settings, GuestMemory memory, IommuModel iommu, int domain) {
    return settings.strategy() == DmaStrategy.OFF
        ? new OffMapper(memory, true)
        : create(settings, memory, iommu, domain);
  }

  /** No IOMMU: the device gets the owner's physical addresses (guest-physical for a VM). */
  static DmaMapper off(GuestMemory memory) {
    return new OffMapper(memory, false);
  }

  /** All of {@code memory} identity-mapped (IOVA = guest-physical) in {@code domain} now. */
  static DmaMapper direct(GuestMemory memory, IommuModel iommu, int domain) {
    return new DirectMapper(memory, iommu, domain, false);
  }

  static DmaMapper strict(GuestMemory memory, IommuModel iommu, int domain) {
    return new StrictMapper(memory, iommu, domain);
  }

  /**
   * @param batch unmaps that force a flush
   * @param timeoutPs longest an unmap waits for its flush (when {@link #poll} is called on time)
   */
  static DmaMapper deferred(
      GuestMemory memory, IommuModel iommu, int domain, int batch, long timeoutPs) {
    return new DeferredMapper(memory, iommu, domain, batch, timeoutPs);
  }

  /**
   * @param capacity mappings kept; the least recently used goes when a new one needs room
   */
  static DmaMapper persistent(GuestMemory memory, IommuModel iommu, int domain, int capacity) {
    return new PersistentMapper(memory, iommu, domain, capacity);
  }

  /**
   * @param buffers bounce buffers, taken from the top of {@code memory}
   * @param bufferPages pages per bounce buffer (the largest DMA it takes)
   * @param copyMilliCyclesPerByte CPU cost of copying one byte, in thousandths of a cycle
   */
  static DmaMapper copy(
      GuestMemory memory,
      IommuModel iommu,
      int domain,
      int buffers,
      int bufferPages,
      long copyMilliCyclesPerByte) {
    return new CopyMapper(memory, iommu, domain, buffers, bufferPages, copyMilliCyclesPerByte);
  }
}
