package io.vioemu.host.iommu;

/**
 * A DMA API configuration as an experiment states it. Fields a strategy does not use are ignored,
 * but must still be valid, so that one record can be checked in one place.
 *
 * @param deferredBatch unmaps that force a flush ({@code deferred}); Linux's flush queue holds
 *     {@value #LINUX_FLUSH_QUEUE_BATCH}
 * @param deferredTimeoutPs longest wait of an unmap for its flush ({@code deferred}); Linux's is 10
 *     ms
 * @param poolCapacity mappings kept ({@code persistent})
 * @param bounceBuffers bounce buffers ({@code copy})
 * @param bounceBufferPages pages per bounce buffer ({@code copy})
 * @param copyMilliCyclesPerByte copying into and out of bounce buffers ({@code copy})
 */
public record DmaMapperSettings(
    DmaStrategy strategy,
    int deferredBatch,
    long deferredTimeoutPs,
    int poolCapacity,
    int bounceBuffers,
    int bounceBufferPages,
    long copyMilliCyclesPerByte) {

  /** IOVA_FQ_SIZE in Linux's drivers/iommu/dma-iommu.c. */
  public static final int LINUX_FLUSH_QUEUE_BATCH = 256;

  /** IOVA_FQ_TIMEOUT (10 ms) in Linux's drivers/iommu/dma-iommu.c. */
  public static final long LINUX_FLUSH_TIMEOUT_PS = 10_000_000_000L;

  public DmaMapperSettings {
    if (strategy == null) {
      throw new IllegalArgumentException("a DMA strategy is required");
    }
    positive("deferredBatch", deferredBatch);
    positive("deferredTimeoutPs", deferredTimeoutPs);
    positive("poolCapacity", poolCapacity);
    positive("bounceBuffers", bounceBuffers);
    positive("bounceBufferPages", bounceBufferPages);
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
