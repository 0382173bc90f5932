package io.vioemu.host.iommu;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the DMA API uses the IOMMU; the names are those of experiment files. */
public enum DmaStrategy {
  /** No IOMMU: devices are given physical addresses. */
  OFF,
  /** The whole of the owner's memory mapped once; nothing per DMA. */
  DIRECT,
  /** Map before each DMA, unmap and invalidate right after. */
  STRICT,
  /** Like strict, but invalidations batched: unmapped buffers stay reachable for a while. */
  DEFERRED,
  /** Mappings kept in a pool and reused: each buffer is mapped once. */
  PERSISTENT,
  /** Permanently mapped bounce buffers; every DMA copies its data. */
  COPY,
  /**
   * Optimistic teardown: an unmapped buffer's mapping is kept for a bounded time and count, and
   * reused if the buffer is mapped again meanwhile; then it is unmapped and invalidated.
   */
  OPTIMISTIC;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every strategy's name, in declaration order (a parameter's choices). */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(DmaStrategy::configName).toList();
  }

  public static DmaStrategy fromConfigName(String name) {
    for (DmaStrategy s : values()) {
      if (s.configName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown DMA strategy '"
            + name
            + "', expected one of "
            + Arrays.stream(values())
                .map(DmaStrategy::configName)
                .collect(Collectors.joining(", ")));
  }
}
