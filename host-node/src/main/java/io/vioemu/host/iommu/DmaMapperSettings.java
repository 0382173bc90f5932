package io.vioemu.host.iommu;

/**
 * A DMA API configuration as an experiment states it. Fields a strategy does not use are ignored,
 * but must still be valid, so that one record can be checked in one place.
 *
 * @param deferredBatch unmaps that force a flush ({@code deferred}); Linux's intel-iommu flushed at
 *     {@value #LINUX_HIGH_WATER_MARK}
 * @param deferredTimeoutPs the flush interval: longest wait of an unmap for its flush ({@code
 *     deferred}), a timer armed by the first unmap of a batch; Linux's is 10 ms
 * @param poolCapacity mappings kept ({@code persistent})
 * @param bounceBuffers bounce buffers ({@code copy})
 * @param bounceBufferPages pages per bounce buffer ({@code copy})
 * @param copyMilliCyclesPerByte copying into and out of bounce buffers ({@code copy})
 * @param optimisticLimit unmapped mappings kept for reuse at most ({@code optimistic}); one more
 *     tears the oldest down
 * @param optimisticTimeoutPs longest an unmapped mapping is kept for reuse ({@code optimistic})
 * @param largePages map with 2 MiB leaves where memory allows ({@code direct})
 */
public record DmaMapperSettings(
    DmaStrategy strategy,
    int deferredBatch,
    long deferredTimeoutPs,
    int poolCapacity,
    int bounceBuffers,
    int bounceBufferPages,
    long copyMilliCyclesPerByte,
    int optimisticLimit,
    long optimisticTimeoutPs,
    boolean largePages) {

  /**
   * HIGH_WATER_MARK in Linux's drivers/iommu/intel-iommu.c (2.6.24 to 4.13): deferred unmaps
   * flushed at once when this many wait. (Its successor, dma-iommu's flush queue, holds
   * IOVA_FQ_SIZE = 256.)
   */
  public static final int LINUX_HIGH_WATER_MARK = 250;

  /** IOVA_FQ_TIMEOUT (10 ms) in Linux's drivers/iommu/dma-iommu.c. */
  public static final long LINUX_FLUSH_TIMEOUT_PS = 10_000_000_000L;

  /** Settings without optimistic teardown's or large pages' own: 250 mappings, 10 ms, 4 KiB. */
  public DmaMapperSettings(
      DmaStrategy strategy,
      int deferredBatch,
      long deferredTimeoutPs,
      int poolCapacity,
      int bounceBuffers,
      int bounceBufferPages,
      long copyMilliCyclesPerByte) {
    this(
        strategy,
        deferredBatch,
        deferredTimeoutPs,
        poolCapacity,
        bounceBuffers,
        bounceBufferPages,
        copyMilliCyclesPerByte,
        LINUX_HIGH_WATER_MARK,
        LINUX_FLUSH_TIMEOUT_PS,
        false);
  }

  public DmaMapperSettings {
    if (strategy == null) {
      throw new IllegalArgumentException("a DMA strategy is required");
    }
    positive("deferredBatch", deferredBatch);
    positive("deferredTimeoutPs", deferredTimeoutPs);
    positive("poolCapacity", poolCapacity);
    positive("bounceBuffers", bounceBuffers);
    positive("bounceBufferPages", bounceBufferPages);
    positive("optimisticLimit", optimisticLimit);
    positive("optimisticTimeoutPs", optimisticTimeoutPs);
    if (copyMilliCyclesPerByte < 0) {
      throw new IllegalArgumentException(
          "copyMilliCyclesPerByte must be >= 0, was " + copyMilliCyclesPerByte);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }
}
