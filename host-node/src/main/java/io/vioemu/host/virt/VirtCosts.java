package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.cpu.CostRecords;
import java.util.List;
import java.util.Set;

/**
 * Per-operation costs of virtualization, in cycles (per-byte costs in thousandths of a cycle), read
 * from the {@code cost.*} parameters like {@link io.vioemu.host.net.HostCosts}. Where the numbers
 * come from is the calibration profile's business.
 *
 * @param vmExitCycles one VM exit and re-entry: the hardware transition both ways and the
 *     hypervisor's dispatch, before handling the exit's cause
 * @param mmioEmulationCycles emulating one guest register access (MMIO/PIO) of an emulated device
 *     in host user space, beyond the exit itself (the trip to the device model and back)
 * @param emulatedPacketCycles the device model's work per packet: descriptor parsing, tap write or
 *     read
 * @param emulatedCopyMilliCyclesPerByte the device model copying packet data
 * @param interruptInjectionCycles the hypervisor injecting one virtual interrupt
 * @param apicEmulationCycles emulating one guest APIC access (the EOI), beyond the exit
 * @param vhostKickCycles waking the para-virtual back-end after a guest notification
 * @param vhostPacketCycles the para-virtual back-end's ring work per packet
 * @param vhostCopyMilliCyclesPerByte the back-end copying between guest buffers and host packets
 * @param grantCopyMilliCyclesPerByte Xen netback's grant copy between domains
 * @param grantPacketCycles Xen netback per packet: grant operations, event channel
 * @param bridgeCyclesPerFrame the host's software bridge and tap device per frame
 * @param iommuMapCycles the DMA API mapping one buffer (page-table update)
 * @param iommuUnmapCycles the DMA API unmapping one buffer (page-table update, no invalidation)
 * @param iotlbInvalidationCycles one page-selective IOTLB invalidation, waited for
 * @param iotlbGlobalInvalidationCycles one global (domain-wide) IOTLB invalidation
 * @param iommuWalkReadPs one memory read of the IOMMU's page walker (an IOTLB miss delays the
 *     device's DMA by its reads, one after the other)
 * @param iommuWalkReads memory reads a walk to a 4 KiB leaf makes after the paging-structure caches
 *     (a 2 MiB leaf is one level up: one read fewer, at least one)
 * @param iommuQueuedInvalidation 1 (non-zero) when the IOMMU has queued invalidation (VT-d
 *     ECAP.QI), which Linux's intel-iommu then uses for every IOTLB invalidation; 0 for
 *     register-based invalidation
 * @param mmioReadCycles one uncached read of a device register by a CPU: a non-posted PCIe round
 *     trip the core stalls for (the SR-IOV mailbox protocol is made of them)
 * @param sriovPfMailboxCycles the PF driver's software per VF mailbox request, beyond its register
 *     reads: dispatch, acting on the request, writing the reply (posted writes)
 * @param sriovVfMailboxCycles the VF driver's software per mailbox request, beyond its register
 *     reads: building the message, posted writes of the message and the doorbell, taking the reply
 * @param apicVirtualization 1 (non-zero) when the CPU virtualizes the local APIC with
 *     virtual-interrupt delivery and posted-interrupt processing (Intel APICv): a virtual interrupt
 *     reaches a running vCPU without an exit and its EOI is virtualized; 0 when every injection and
 *     EOI exits. Decides the default of {@code io.interrupts} ({@link InterruptMode})
 * @param vtdPostedInterrupts 1 (non-zero) when the IOMMU's interrupt remapping can post an assigned
 *     device's interrupt straight to its vCPU (VT-d posted interrupts); 0 when the host takes it
 *     and posts (or injects) it in software
 */
public record VirtCosts(
    long vmExitCycles,
    long mmioEmulationCycles,
    long emulatedPacketCycles,
    long emulatedCopyMilliCyclesPerByte,
    long interruptInjectionCycles,
    long apicEmulationCycles,
    long vhostKickCycles,
    long vhostPacketCycles,
    long vhostCopyMilliCyclesPerByte,
    long grantCopyMilliCyclesPerByte,
    long grantPacketCycles,
    long bridgeCyclesPerFrame,
    long iommuMapCycles,
    long iommuUnmapCycles,
    long iotlbInvalidationCycles,
    long iotlbGlobalInvalidationCycles,
    long iommuWalkReadPs,
    long iommuWalkReads,
    long iommuQueuedInvalidation,
    long mmioReadCycles,
    long sriovPfMailboxCycles,
    long sriovVfMailboxCycles,
    long apicVirtualization,
    long vtdPostedInterrupts) {

  public VirtCosts {
    CostRecords.requireNonNegative(
        VirtCosts.class,
        vmExitCycles,
        mmioEmulationCycles,
        emulatedPacketCycles,
        emulatedCopyMilliCyclesPerByte,
        interruptInjectionCycles,
        apicEmulationCycles,
        vhostKickCycles,
        vhostPacketCycles,
        vhostCopyMilliCyclesPerByte,
        grantCopyMilliCyclesPerByte,
        grantPacketCycles,
        bridgeCyclesPerFrame,
        iommuMapCycles,
        iommuUnmapCycles,
        iotlbInvalidationCycles,
        iotlbGlobalInvalidationCycles,
        iommuWalkReadPs,
        iommuWalkReads,
        iommuQueuedInvalidation,
        mmioReadCycles,
        sriovPfMailboxCycles,
        sriovVfMailboxCycles,
        apicVirtualization,
        vtdPostedInterrupts);
  }

  /** The {@code cost.*} parameters {@link #fromParams} reads; those missing are 0. */
  public static final List<ParamSpec> PARAMS = CostRecords.params(VirtCosts.class);

  /** Reads {@code cost.*} parameters; missing ones are 0. */
  public static VirtCosts fromParams(ModelParams p) {
    return CostRecords.read(VirtCosts.class, p, PARAMS);
  }

  /** The parameter names {@link #fromParams} reads. */
  public static Set<String> paramNames() {
    return CostRecords.paramNames(VirtCosts.class);
  }
}
