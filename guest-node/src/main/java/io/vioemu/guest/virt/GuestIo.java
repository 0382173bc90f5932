package io.vioemu.guest.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.ExitCause;
import io.vioemu.host.virt.HypervisorStats;
import io.vioemu.host.virt.InterruptMode;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IoPath;
import io.vioemu.host.virt.VirtCosts;

/**
 * The guest's half of its data path to the physical NIC, for one {@link IoModel}: what
 * virtualization and protection cost its vCPUs on top of its own stack and driver (the caller's).
 * Exits per packet follow each model's device: an emulated e1000 exits on its transmit doorbell
 * (TDT) and, per interrupt, on the cause read (ICR), the mask and unmask writes (IMC/IMS) and the
 * EOI, and its device model runs inside the doorbell's exit; virtio and Xen exit only to notify an
 * idle back-end, and per interrupt on the EOI; pass-through and SR-IOV exit to deliver each device
 * interrupt and on its EOI; with APIC virtualization ({@link InterruptMode#POSTED}) no interrupt
 * delivery or EOI exits, nor under ELI, for an assigned device's interrupts; a guest that drives
 * its device pays its DMA API. The host's half is {@link io.vioemu.host.virt.HostIo}; both count
 * into one {@link IoPath}. Pure Java.
 */
public final class GuestIo {
  /** e1000 interrupt handling: read ICR, write IMC, write IMS (e1000_intr, Linux 2.6). */
  static final int E1000_MMIO_PER_INTERRUPT = 3;

  private final IoPath path;
  private final IoModel model;
  private final VirtCosts v;
  private final HypervisorStats stats;
  private boolean lastNotified;

  public GuestIo(IoPath path) {
    this.path = path;
    this.model = path.model();
    this.v = path.virt();
    this.stats = path.stats();
  }

  public IoModel model() {
    return model;
  }

  /** Whether the last packet's DMA reached the buffer the driver meant (see {@link IoPath}). */
  public boolean lastDmaLanded() {
    return path.lastDmaLanded();
  }

  /**
   * The guest's part of sending a packet of {@code packetBytes} that its driver queued on {@code
   * vcpu} at {@code readyPs}: the DMA API under direct assignment, the doorbell's exit and the
   * device model under emulation, the notification of an idle back-end under virtio and Xen.
   * Returns when the packet leaves the guest; the host's half takes it from there.
   *
   * @param backendBusyUntilPs until when the guest sees its back-end busy (a busy one polls its
   *     ring and needs no notification)
   */
  public long guestTransmit(
      CoreModel vcpu, int packetBytes, long readyPs, long backendBusyUntilPs) {
    lastNotified = false;
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV ->
          path.dmaApi(vcpu, path.dma().transmit(packetBytes, readyPs), readyPs);
      case EMULATION -> {
        long t = exit(vcpu, ExitCause.MMIO, v.mmioEmulationCycles(), readyPs);
        // the device model transmits inside the doorbell's exit, on the vCPU's thread
        vcpu.run(v.emulatedPacketCycles(), Component.BACKEND, t);
        yield vcpu.run(
            HostCosts.perBytes(v.emulatedCopyMilliCyclesPerByte(), packetBytes),
            Component.BACKEND,
            t);
      }
      case VIRTIO, XEN -> {
        if (backendBusyUntilPs > readyPs) {
          stats.suppressedNotification();
          yield readyPs;
        }
        lastNotified = true;
        yield exit(vcpu, ExitCause.NOTIFY, 0, readyPs);
      }
    };
  }

  /** Whether the last {@link #guestTransmit} notified the back-end (an exit was taken). */
  public boolean lastNotified() {
    return lastNotified;
  }

  /**
   * A device interrupt reaches a guest that drives its device. Under {@link InterruptMode#EXITS} it
   * costs a delivery exit (the host handles it and injects it) and an EOI exit; under {@link
   * InterruptMode#POSTED} the IOMMU posts it with no exit when it has VT-d posted interrupts, else
   * the host takes it (one exit) and posts it, and the EOI is virtualized either way; under {@link
   * InterruptMode#ELI} the guest takes it and writes the EOI itself, with no exit. Returns when the
   * guest's handler may run on {@code vcpu} (the caller charges the handler itself).
   */
  public long guestInterrupt(CoreModel vcpu, long nowPs) {
    if (model == IoModel.BARE_METAL) {
      return nowPs;
    }
    return switch (path.interrupts()) {
      case ELI -> {
        stats.exitless();
        yield nowPs;
      }
      case POSTED -> {
        stats.posted();
        yield v.vtdPostedInterrupts() != 0
            ? nowPs
            : exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, v.interruptInjectionCycles(), nowPs);
      }
      case EXITS -> {
        stats.injected();
        long t = exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, v.interruptInjectionCycles(), nowPs);
        yield exit(vcpu, ExitCause.EOI, v.apicEmulationCycles(), t);
      }
    };
  }

  /**
   * The guest's driver takes one received packet of {@code frames} frames and {@code packetBytes}
   * off the ring its device writes at {@code nowPs}: the DMA API unmaps the filled buffers and maps
   * fresh ones. Returns when the driver may go on on {@code vcpu}.
   */
  public long guestReceive(CoreModel vcpu, int frames, int packetBytes, long nowPs) {
    long cycles = 0;
    for (int f = 0; f < frames; f++) {
      cycles += path.dma().receive(packetBytes / frames, nowPs);
    }
    return path.dmaApi(vcpu, cycles, nowPs);
  }

  /**
   * The guest takes a virtual interrupt its back-end injected: without APIC virtualization a
   * running vCPU is kicked out (an exit) to take it on re-entry and its EOI exits; posted ({@link
   * InterruptMode#POSTED}), the processor delivers it and virtualizes the EOI, with no exit. An
   * emulated e1000's handler also exits on its register accesses, either way. Returns when the
   * guest handler may run.
   */
  public long guestInjected(CoreModel vcpu, long readyPs) {
    boolean posted = path.interrupts() == InterruptMode.POSTED;
    long t = posted ? readyPs : exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, 0, readyPs);
    if (model == IoModel.EMULATION) {
      for (int i = 0; i < E1000_MMIO_PER_INTERRUPT; i++) {
        t = exit(vcpu, ExitCause.MMIO, v.mmioEmulationCycles(), t);
      }
    }
    return posted ? t : exit(vcpu, ExitCause.EOI, v.apicEmulationCycles(), t);
  }

  private long exit(CoreModel vcpu, ExitCause cause, long handlingCycles, long atPs) {
    stats.exit(cause, v.vmExitCycles() + handlingCycles);
    return vcpu.run(v.vmExitCycles() + handlingCycles, Component.HYPERVISOR, atPs);
  }

  public HypervisorStats stats() {
    return stats;
  }

  /** Exits, interrupts and IOMMU work, each name after {@code prefix}. */
  public void reportMetrics(String prefix, MetricSink sink) {
    path.reportMetrics(prefix, sink);
  }
}
