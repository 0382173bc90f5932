package io.vioemu.host.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.pcie.PcieLink;
import io.vioemu.host.virt.DmaAttack;
import io.vioemu.host.virt.DmaPath;
import io.vioemu.host.virt.DmaSetup;
import io.vioemu.host.virt.HostDma;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.SriovMailbox;
import java.util.List;

/**
 * A {@link StackHost}'s hardware below its guests: its memory and one IOMMU, the NIC's PCIe link,
 * the PF/VF mailbox when guests run on virtual functions, and the first guest's DMA attack if one
 * is configured.
 */
public final class HostDevices {
  final HostDma dma;
  final PcieLink pcie;

  /** The PF/VF mailbox when the guests run on virtual functions, else null. */
  private final SriovMailbox mailbox;

  /** The host core of the PF driver when it has no pool core to run on, else null. */
  private final CoreModel pfCore;

  /** The first guest's attack through its device, or null. */
  private final DmaAttack attack;

  private final long attackPs;

  /**
   * @param pool the host's shared physical cores, or null; the PF driver runs on the first
   */
  HostDevices(
      List<IoModel> models, NetperfSettings settings, DeviceSettings devices, CoreModel[] pool) {
    this.dma = new HostDma(models, dmaSetup(settings));
    this.pcie = new PcieLink(devices.pcie());
    int vfs = (int) models.stream().filter(m -> m == IoModel.SRIOV).count();
    this.pfCore = vfs > 0 && pool == null ? new CoreModel(settings.costs().clockHz()) : null;
    this.mailbox =
        vfs > 0
            ? new SriovMailbox(
                settings.virt(), settings.costs(), pool != null ? pool[0] : pfCore, vfs)
            : null;
    this.attack = devices.attack() == DmaAttack.Kind.NONE ? null : new DmaAttack(devices.attack());
    this.attackPs = devices.attackPs();
  }

  /** The DMA API, IOMMU, rings and VM memory the settings give every host. */
  public static DmaSetup dmaSetup(NetperfSettings settings) {
    return new DmaSetup(
        settings.iommu(),
        settings.virt(),
        settings.costs().txCopyMilliCyclesPerByte(),
        settings.dmaApi(),
        settings.iommuHardware(),
        DeviceSettings.TX_RING_SLOTS,
        settings.rxRingFrames(),
        settings.vmMemoryPages());
  }

  /** The core the PF driver has to itself, or null (no VF, or it runs on the shared pool). */
  CoreModel pfCore() {
    return pfCore;
  }

  /** The PF/VF mailbox; null when no guest runs on a virtual function. */
  SriovMailbox mailbox() {
    return mailbox;
  }

  /** Request number {@code n} of a VF driver's bring-up. */
  SriovMailbox.Request bringUpRequest(int n) {
    return SriovMailbox.BRING_UP.get(n);
  }

  /** When the first guest attacks; -1 if it does not. */
  long attackPs() {
    return attack == null ? -1 : attackPs;
  }

  /** Guest {@code guest} programs its device, behind {@code path}, against the host. */
  void attack(DmaPath path, int guest, long nowPs) {
    attack.launch(path, dma.vmControlPage(guest), nowPs);
  }

  /**
   * @param withIommu report the IOMMU and where DMA landed (some guest is a VM, or an IOMMU is on)
   */
  void reportMetrics(MetricSink sink, boolean withIommu) {
    pcie.reportMetrics(sink);
    if (mailbox != null) {
      mailbox.reportMetrics(sink);
    }
    if (pfCore != null) {
      sink.put("pfCore.busyPs", pfCore.totalBusyPs());
      sink.put("pfCore.mailboxPs", pfCore.busyPs(Component.MAILBOX));
    }
    if (attack != null) {
      attack.reportMetrics(sink);
    }
    if (withIommu) {
      dma.reportMetrics(sink);
    }
  }
}
