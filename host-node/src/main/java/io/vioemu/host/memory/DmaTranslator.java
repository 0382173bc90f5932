package io.vioemu.host.memory;

/** What stands between a device and host memory: an IOMMU, or nothing at all. */
@FunctionalInterface
public interface DmaTranslator {

  /**
   * No IOMMU: devices address host-physical memory directly, whatever they were programmed with.
   */
  DmaTranslator NONE = (device, address, write, nowPs) -> Translation.physical(address);

  /**
   * Translates the page of {@code address} for {@code device}; the offset is kept by the caller.
   */
  Translation translate(int device, long address, boolean write, long nowPs);
}
