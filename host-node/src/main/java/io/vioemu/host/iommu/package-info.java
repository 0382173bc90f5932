/**
 * The IOMMU and the DMA API that drives it. {@link io.vioemu.host.iommu.IommuModel} is the
 * hardware: a context table (device to domain), a four-level I/O page table per domain, a
 * set-associative {@link io.vioemu.host.iommu.Iotlb}, invalidations (page-selective, domain-wide,
 * through the invalidation queue when the profile's hardware has one) and a bounded fault log. An
 * IOTLB miss walks the page table with memory reads, one after the other, whose time the device's
 * DMA waits ({@link io.vioemu.host.memory.Translation#latencyPs()}); a 2 MiB leaf covers 512 pages
 * with one IOTLB entry and one read fewer. Unmapping clears the page table but not the IOTLB, so a
 * cached translation outlives its mapping until an invalidation: that window is modelled, not
 * hidden. {@link io.vioemu.host.iommu.DmaMapper} is the device owner's DMA API, one strategy per
 * class ({@code off}, {@code direct}, {@code strict}, {@code deferred}, {@code persistent}, {@code
 * copy}, {@code optimistic}): each call returns the CPU cycles it costs, for the host model to
 * charge to a core; time-driven work (the deferred flush timer, optimistic teardown's timeout) runs
 * when its owner calls {@code poll} at {@code nextDeadlinePs}, which the host schedules as an
 * event. Pure Java: time is an argument.
 */
package io.vioemu.host.iommu;
