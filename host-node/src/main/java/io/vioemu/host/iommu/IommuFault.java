package io.vioemu.host.iommu;

import io.vioemu.host.memory.FaultReason;

/** One refused DMA request, as the IOMMU records it for software. */
public record IommuFault(long atPs, int device, long iova, boolean write, FaultReason reason) {}
