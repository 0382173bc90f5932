package io.vioemu.host.iommu;

/**
 * A cached translation.
 *
 * @param stale the page table no longer holds this translation (it was unmapped or remapped since
 *     the fill) but no invalidation has removed it yet
 */
public record IotlbEntry(
    int domain, long iovaPage, long hostPage, Permission permission, boolean stale) {}
