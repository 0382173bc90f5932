package io.vioemu.host.memory;

/**
 * Why a translating unit (the IOMMU) refused a device's access. Kept beside the DMA record, which
 * carries it, so memory does not depend on the IOMMU package.
 */
public enum FaultReason {
  /** The device has no context entry: it is not attached to any domain. */
  NO_CONTEXT,
  /** The domain's page table has no entry for the address. */
  NOT_PRESENT,
  /** The entry exists but does not allow writes. */
  WRITE_TO_READ_ONLY,
  /** The entry exists but does not allow reads (a buffer mapped for the device to write only). */
  READ_FROM_WRITE_ONLY
}
