package io.vioemu.host.iommu;

/**
 * How the DMA APIs of one host are set up beyond the strategy of the guests that drive their own
 * devices: the host OS's own strategy, and each strategy's knobs. Validated here once.
 *
 * @param hostStrategy the DMA API of the OS that drives the host's NIC for others (the bare-metal
 *     kernel, or the host or driver domain under a software back-end)
 * @param deferredBatch unmaps that force a flush under {@code deferred}
 * @param flushIntervalPs the deferred flush timer: longest an unmap waits for its invalidation
 * @param optimisticLimit mappings kept for reuse under {@code optimistic}
 * @param optimisticTimeoutPs longest a mapping is kept for reuse under {@code optimistic}
 * @param largePages {@code direct} maps with 2 MiB leaves where memory allows
 */
public record DmaApiTuning(
    DmaStrategy hostStrategy,
    int deferredBatch,
    long flushIntervalPs,
    int optimisticLimit,
    long optimisticTimeoutPs,
    boolean largePages) {

  public DmaApiTuning {
    if (hostStrategy == null) {
      throw new IllegalArgumentException("the host's DMA strategy is required");
    }
    positive("deferredBatch", deferredBatch);
    positive("flushIntervalPs", flushIntervalPs);
    positive("optimisticLimit", optimisticLimit);
    positive("optimisticTimeoutPs", optimisticTimeoutPs);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  /**
   * Linux's defaults for a host OS with {@code hostStrategy}: a flush at 250 unmaps or after 10 ms,
   * optimistic teardown bounded the same way, 4 KiB mappings.
   */
  public static DmaApiTuning linux(DmaStrategy hostStrategy) {
    return new DmaApiTuning(
        hostStrategy,
        DmaMapperSettings.LINUX_HIGH_WATER_MARK,
        DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS,
        DmaMapperSettings.LINUX_HIGH_WATER_MARK,
        DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS,
        false);
  }

  /** The same knobs with {@code batch} unmaps per deferred flush. */
  public DmaApiTuning withDeferredBatch(int batch) {
    return new DmaApiTuning(
        hostStrategy, batch, flushIntervalPs, optimisticLimit, optimisticTimeoutPs, largePages);
  }

  /** The same knobs for a host OS with {@code strategy}. */
  public DmaApiTuning withHostStrategy(DmaStrategy strategy) {
    return new DmaApiTuning(
        strategy, deferredBatch, flushIntervalPs, optimisticLimit, optimisticTimeoutPs, largePages);
  }
}
