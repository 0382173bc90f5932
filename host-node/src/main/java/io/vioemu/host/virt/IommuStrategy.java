package io.vioemu.host.virt;

import java.util.Locale;

/** The DMA API's mapping strategy in the OS that owns the device. */
public enum IommuStrategy {
  /** No IOMMU: devices use physical (or guest-physical) addresses. */
  OFF,
  /** All of memory mapped once at start: nothing to do per DMA, nothing protected per DMA. */
  DIRECT,
  /** Map before each DMA, unmap after it, invalidate the IOTLB at once. */
  STRICT,
  /** Unmap at once, invalidate the whole domain once per batch of unmaps. */
  DEFERRED,
  /** Keep mappings of recycled buffers: map once per buffer, reuse it. */
  PERSISTENT,
  /** Copy through buffers mapped once and forever (bounce buffers). */
  COPY;

  public String paramName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IommuStrategy fromParam(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
