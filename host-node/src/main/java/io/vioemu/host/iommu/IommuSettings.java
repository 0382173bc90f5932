package io.vioemu.host.iommu;

/**
 * Sizes of the IOMMU's hardware structures. Vendors do not publish IOTLB geometry; a calibration
 * profile sets it, with its source.
 *
 * @param iotlbEntries IOTLB entries in all
 * @param iotlbWays entries per set; {@code iotlbEntries} for fully associative, 1 for direct-mapped
 * @param faultRecords fault recording registers: faults beyond them, until software drains the log,
 *     are counted but not recorded (VT-d's primary fault overflow)
 * @param invalidationQueueDepth queued invalidation descriptors that trigger a drain
 */
public record IommuSettings(
    int iotlbEntries, int iotlbWays, int faultRecords, int invalidationQueueDepth) {

  public IommuSettings {
    if (iotlbEntries <= 0 || iotlbWays <= 0 || iotlbEntries % iotlbWays != 0) {
      throw new IllegalArgumentException(
          "IOTLB entries must be a positive multiple of its ways, was "
              + iotlbEntries
              + " entries, "
              + iotlbWays
              + " ways");
    }
    if (faultRecords < 0) {
      throw new IllegalArgumentException("fault records must be >= 0, was " + faultRecords);
    }
    if (invalidationQueueDepth <= 0) {
      throw new IllegalArgumentException(
          "invalidation queue depth must be > 0, was " + invalidationQueueDepth);
    }
  }
}
