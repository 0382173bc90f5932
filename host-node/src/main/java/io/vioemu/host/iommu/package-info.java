/**
 * The IOMMU and the DMA API that drives it. {@link io.vioemu.host.iommu.IommuModel} is the
 * hardware: a context table (device to domain), a four-level I/O page table per domain, a
 * set-associative {@link io.vioemu.host.iommu.Iotlb}, invalidations (page-selective, domain-wide,
 * queued) and a bounded fault log. Unmapping clears the page table but not the IOTLB, so a cached
 * translation outlives its mapping until an invalidation: that window is modelled, not hidden.
 * {@link io.vioemu.host.iommu.DmaMapper} is the device owner's DMA API, one strategy per class
 * ({@code off}, {@code direct}, {@code strict}, {@code deferred}, {@code persistent}, {@code
 * copy}): each call returns the CPU cycles it costs, for the host model to charge to a core. Pure
 * Java: time is an argument.
 */
package io.vioemu.host.iommu;
