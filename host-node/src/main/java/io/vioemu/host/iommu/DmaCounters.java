package io.vioemu.host.iommu;

/**
 * What a {@link DmaMapper} did and what it cost the CPU, since it was created.
 *
 * @param maps map calls (failed ones included)
 * @param mapFailures map calls that found no free bounce buffer
 * @param setupCycles one-time cost before the first DMA (mapping everything, or the bounce pool)
 * @param poolReuses persistent maps served by an existing mapping
 * @param poolEvictions persistent mappings torn down to make room
 * @param staleUnmaps deferred unmaps made effective by a batched invalidation
 * @param staleWindowTotalPs summed time from each deferred unmap to its invalidation
 * @param staleWindowMaxPs the longest such time
 */
public record DmaCounters(
    long maps,
    long unmaps,
    long mapFailures,
    long mapCycles,
    long unmapCycles,
    long pageInvalidations,
    long pageInvalidationCycles,
    long globalInvalidations,
    long globalInvalidationCycles,
    long copiedBytes,
    long copyCycles,
    long setupCycles,
    long poolReuses,
    long poolEvictions,
    long staleUnmaps,
    long staleWindowTotalPs,
    long staleWindowMaxPs) {

  public long invalidationCycles() {
    return pageInvalidationCycles + globalInvalidationCycles;
  }

  /** CPU cycles of all map and unmap calls, setup excluded. */
  public long totalCycles() {
    return mapCycles + unmapCycles + invalidationCycles() + copyCycles;
  }

  /** Per-DMA CPU cost: total cycles per map call, 0 before any. */
  public double cyclesPerDma() {
    return maps == 0 ? 0 : (double) totalCycles() / maps;
  }

  public double meanStaleWindowPs() {
    return staleUnmaps == 0 ? 0 : (double) staleWindowTotalPs / staleUnmaps;
  }
}
