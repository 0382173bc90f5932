package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;

/**
 * What the two halves of one guest's I/O model share: the model, its costs, the NIC driver's DMA
 * path and the hypervisor's counters. The guest's half ({@code io.vioemu.guest.virt.GuestIo}) and
 * the host's half ({@link HostIo}) each hold one; a guest whose kernel lives in its host's entity
 * shares the host's, so both halves count into one account, as a single data path would.
 *
 * @param dma the NIC driver's DMAs through the DMA API and the IOMMU: the guest's under direct
 *     assignment, the host's (or driver domain's) under a software back-end
 * @param interrupts how interrupts reach the guest's vCPU: with exits, posted (APICv) or exitless
 *     (ELI)
 * @param grants under Xen, the guest's grants through which its packets are copied to and from the
 *     driver domain's buffers; null otherwise
 */
public record IoPath(
    IoModel model,
    VirtCosts virt,
    HostCosts host,
    InterruptMode interrupts,
    DmaPath dma,
    GrantTable grants,
    HypervisorStats stats) {
  public IoPath(
      IoModel model,
      VirtCosts virt,
      HostCosts host,
      InterruptMode interrupts,
      DmaPath dma,
      GrantTable grants) {
    this(model, virt, host, interrupts, dma, grants, new HypervisorStats());
  }

  /**
   * Whether the last packet's DMA reached the buffer the driver meant (false when the device, given
   * guest-physical addresses without an IOMMU, wrote or read someone else's page, or the IOMMU
   * blocked it): such a packet is lost.
   */
  public boolean lastDmaLanded() {
    return dma.lastLanded();
  }

  /**
   * Whether frames the device writes into the ring of a guest in an entity of its own land there
   * (the guest's driver learns it from the ring; the write itself is checked when the guest's
   * driver takes the frame, {@link HostIo#replayRefill}).
   */
  public boolean receivesLand() {
    return dma.receivesLand();
  }

  /** The DMA API's cycles, run on the core that called it. */
  public long dmaApi(CoreModel core, long cycles, long atPs) {
    stats.dmas++;
    return cycles == 0 ? atPs : core.run(cycles, Component.IOMMU, atPs);
  }

  /** Exits, interrupts and IOMMU work, each name after {@code prefix}. */
  public void reportMetrics(String prefix, MetricSink sink) {
    stats.reportMetrics(prefix, sink);
    if (dma != null) {
      dma.reportMetrics(prefix, sink);
    }
    if (grants != null) {
      grants.reportMetrics(prefix, sink);
    }
  }
}
