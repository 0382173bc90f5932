package io.vioemu.host.virt;

import io.vioemu.host.iommu.DmaApiTuning;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuSettings;

/**
 * How a host's DMA is set up: the DMA API's strategy and what its calls cost, the IOMMU's hardware,
 * each queue's rings, and each VM's memory.
 *
 * @param copyMilliCyclesPerByte what the {@code copy} strategy's bounce copies cost
 * @param strategy the DMA API of guests that drive their own devices
 * @param tuning the host OS's strategy and every strategy's knobs
 * @param txSlots transmit descriptors per queue
 * @param rxSlots receive descriptors per queue
 * @param vmPages each VM's guest memory in pages, or 0 for the smallest that holds its rings
 */
public record DmaSetup(
    DmaStrategy strategy,
    VirtCosts costs,
    long copyMilliCyclesPerByte,
    DmaApiTuning tuning,
    IommuSettings iommu,
    int txSlots,
    int rxSlots,
    long vmPages) {}
