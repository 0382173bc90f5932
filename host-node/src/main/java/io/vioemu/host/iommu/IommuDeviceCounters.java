package io.vioemu.host.iommu;

/**
 * What one device's DMA requests met in its host's IOMMU.
 *
 * @param translations requests from the device while it had a context entry
 * @param faults its requests refused, whatever the reason (no context included)
 */
public record IommuDeviceCounters(
    long translations, long iotlbHits, long iotlbMisses, long faults) {

  /** Hits over lookups, 0 before any lookup. */
  public double iotlbHitRate() {
    long lookups = iotlbHits + iotlbMisses;
    return lookups == 0 ? 0 : (double) iotlbHits / lookups;
  }
}
