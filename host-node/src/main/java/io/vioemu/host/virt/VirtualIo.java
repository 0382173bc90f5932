package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;

/**
 * The part of a host's data path between its (guest) network driver and the physical NIC, for one
 * {@link IoModel}: which CPU does what, how many VM exits and injected interrupts it takes, and
 * what the DMA API's IOMMU strategy adds per DMA. The guest's own stack and driver costs are the
 * caller's; this class adds what virtualization and protection cost on top, on the vCPU (exits are
 * paid by the vCPU that takes them) or on the host core that runs the back-end.
 *
 * <p>Exits per packet follow each model's device: an emulated e1000 exits on its transmit doorbell
 * (TDT) and, per interrupt, on the cause read (ICR), the mask and unmask writes (IMC/IMS) and the
 * EOI; virtio and Xen exit only to notify an idle back-end, and per interrupt on the EOI;
 * pass-through and SR-IOV exit to deliver each device interrupt and on its EOI, unless interrupts
 * are posted. Pure Java.
 */
public final class VirtualIo {
  /** e1000 interrupt handling: read ICR, write IMC, write IMS (e1000_intr, Linux 2.6). */
  static final int E1000_MMIO_PER_INTERRUPT = 3;

  private final IoModel model;
  private final VirtCosts v;
  private final HostCosts h;
  private final boolean postedInterrupts;
  private final DmaPath dma;
  private final CoreModel hostCore;
  private final GrantTable grants;
  private final HypervisorStats stats = new HypervisorStats();

  /**
   * @param hostCore runs the back-end (emulator, vhost, netback, bridge, host driver); unused by
   *     bare metal, pass-through and SR-IOV
   * @param dma the NIC driver's DMAs through the DMA API and the IOMMU: the guest's under direct
   *     assignment, the host's (or driver domain's) under a software back-end
   * @param grants under Xen, the guest's grants through which its packets are copied to and from
   *     the driver domain's buffers; null otherwise
   */
  public VirtualIo(
      IoModel model,
      VirtCosts v,
      HostCosts h,
      boolean postedInterrupts,
      DmaPath dma,
      CoreModel hostCore,
      GrantTable grants) {
    if ((model == IoModel.XEN) != (grants != null)) {
      throw new IllegalArgumentException("a Xen guest, and only one, has a grant table");
    }
    this.model = model;
    this.v = v;
    this.h = h;
    this.postedInterrupts = postedInterrupts;
    this.dma = dma;
    this.hostCore = hostCore;
    this.grants = grants;
  }

  public IoModel model() {
    return model;
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
   * The guest driver has queued a packet of {@code packetBytes} on {@code vcpu}, finishing at
   * {@code readyPs}; returns when the packet is in the physical NIC's queue.
   */
  public long transmit(CoreModel vcpu, int packetBytes, long readyPs) {
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV ->
          dmaApi(vcpu, dma.transmit(packetBytes, readyPs), readyPs);
      case EMULATION -> {
        long t = exit(vcpu, ExitCause.MMIO, v.mmioEmulationCycles(), readyPs);
        // the device model transmits inside the doorbell's exit, on the vCPU's thread
        vcpu.run(v.emulatedPacketCycles(), Component.BACKEND, t);
        t =
            vcpu.run(
                perBytes(v.emulatedCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, t);
        yield hostSend(packetBytes, t);
      }
      case VIRTIO, XEN -> {
        // a Xen event channel needs no back-end wake-up beyond the hypercall's exit
        long t = notifyIfIdle(vcpu, model == IoModel.VIRTIO ? v.vhostKickCycles() : 0, readyPs);
        hostCore.run(backEndPacketCycles(), Component.BACKEND, t);
        hostCore.run(perBytes(backEndCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, t);
        if (grants != null) {
          grants.copyFromGuest(dma.nextTxHostPage(), packetBytes, t);
        }
        yield hostSend(packetBytes, t);
      }
    };
  }

  /** The software back-end's work per packet: the device model, vhost, or netback. */
  private long backEndPacketCycles() {
    return switch (model) {
      case EMULATION -> v.emulatedPacketCycles();
      case VIRTIO -> v.vhostPacketCycles();
      case XEN -> v.grantPacketCycles();
      default -> 0;
    };
  }

  /** The software back-end's copy between guest buffers and host packets. */
  private long backEndCopyMilliCyclesPerByte() {
    return switch (model) {
      case EMULATION -> v.emulatedCopyMilliCyclesPerByte();
      case VIRTIO -> v.vhostCopyMilliCyclesPerByte();
      case XEN -> v.grantCopyMilliCyclesPerByte();
      default -> 0;
    };
  }

  /** A guest with work for an idle back-end kicks it (an exit); a busy one is polling anyway. */
  private long notifyIfIdle(CoreModel vcpu, long wakeCycles, long readyPs) {
    if (hostCore.busyUntilPs() > readyPs) {
      stats.suppressedNotifications++;
      return readyPs;
    }
    long t = exit(vcpu, ExitCause.NOTIFY, 0, readyPs);
    return hostCore.run(wakeCycles, Component.BACKEND, t);
  }

  /** The host bridge and the physical NIC's driver, on the back-end's core. */
  private long hostSend(int packetBytes, long fromPs) {
    hostCore.run(v.bridgeCyclesPerFrame(), Component.BACKEND, fromPs);
    long t = hostCore.run(h.txDriverCyclesPerFrame(), Component.BACKEND, fromPs);
    // the host (or driver domain) owns the NIC: its DMA API maps the packet
    return dmaApi(hostCore, dma.transmit(packetBytes, t), t);
  }

  /** The host's driver takes {@code frames} off the physical ring, remapping their buffers. */
  private void hostReceive(int frames, int packetBytes, long nowPs) {
    hostCore.run(h.rxDriverCyclesPerFrame() * frames, Component.BACKEND, nowPs);
    long cycles = 0;
    for (int f = 0; f < frames; f++) {
      cycles += dma.receive(packetBytes / frames, nowPs);
      if (grants != null) {
        grants.copyToGuest(dma.lastRxHostPage(), packetBytes / frames, nowPs);
      }
    }
    dmaApi(hostCore, cycles, nowPs);
  }

  /**
   * The physical NIC interrupts. Returns when the guest's interrupt handler may run on {@code vcpu}
   * (the caller charges the guest handler itself).
   */
  public long interrupt(CoreModel vcpu, long nowPs) {
    stats.deviceInterrupts++;
    return switch (model) {
      case BARE_METAL -> nowPs;
      case PASSTHROUGH, SRIOV -> {
        if (postedInterrupts) {
          stats.postedInterrupts++;
          yield nowPs;
        }
        stats.injectedInterrupts++;
        long t = exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, v.interruptInjectionCycles(), nowPs);
        yield exit(vcpu, ExitCause.EOI, v.apicEmulationCycles(), t);
      }
      case EMULATION, VIRTIO, XEN -> {
        // the host takes the physical interrupt; the guest's comes after the back-end's work
        yield hostCore.run(h.rxInterruptCycles(), Component.INTERRUPT, nowPs);
      }
    };
  }

  /**
   * One received packet of {@code frames} frames and {@code packetBytes} is taken off the physical
   * ring at {@code nowPs}; returns when the guest driver may take it on {@code vcpu}.
   */
  public long receive(CoreModel vcpu, int frames, int packetBytes, long nowPs) {
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV -> {
        long cycles = 0;
        for (int f = 0; f < frames; f++) {
          cycles += dma.receive(packetBytes / frames, nowPs); // unmap the filled buffer, map anew
        }
        yield dmaApi(vcpu, cycles, nowPs);
      }
      case EMULATION, VIRTIO, XEN -> {
        hostReceive(frames, packetBytes, nowPs);
        hostCore.run(v.bridgeCyclesPerFrame() * frames, Component.BACKEND, nowPs);
        hostCore.run(backEndPacketCycles() * frames, Component.BACKEND, nowPs);
        yield hostCore.run(
            perBytes(backEndCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, nowPs);
      }
    };
  }

  /**
   * The back-end has put received packets in the guest's ring: it injects a virtual interrupt, and
   * the guest's handler exits as its device requires. Returns when the guest handler may run. Only
   * the software back-ends call this.
   */
  public long injectToGuest(CoreModel vcpu, long readyPs) {
    long t = hostCore.run(v.interruptInjectionCycles(), Component.HYPERVISOR, readyPs);
    stats.injectedInterrupts++;
    // a running vCPU is kicked out to take the interrupt
    t = exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, 0, t);
    if (model == IoModel.EMULATION) {
      for (int i = 0; i < E1000_MMIO_PER_INTERRUPT; i++) {
        t = exit(vcpu, ExitCause.MMIO, v.mmioEmulationCycles(), t);
      }
    }
    return exit(vcpu, ExitCause.EOI, v.apicEmulationCycles(), t);
  }

  /** The DMA API's cycles, run on the core that called it. */
  private long dmaApi(CoreModel core, long cycles, long atPs) {
    stats.dmas++;
    return cycles == 0 ? atPs : core.run(cycles, Component.IOMMU, atPs);
  }

  private long exit(CoreModel vcpu, ExitCause cause, long handlingCycles, long atPs) {
    stats.exits[cause.ordinal()]++;
    stats.exitCycles += v.vmExitCycles() + handlingCycles;
    return vcpu.run(v.vmExitCycles() + handlingCycles, Component.HYPERVISOR, atPs);
  }

  private static long perBytes(long milliCyclesPerByte, long bytes) {
    return HostCosts.perBytes(milliCyclesPerByte, bytes);
  }

  public HypervisorStats stats() {
    return stats;
  }

  /** Exits, interrupts and IOMMU work, each name after {@code prefix}. */
  public void reportMetrics(String prefix, MetricSink sink) {
    stats.reportMetrics(prefix, sink);
    dma.reportMetrics(prefix, sink);
    if (grants != null) {
      grants.reportMetrics(prefix, sink);
    }
  }

  /** The guest's DMA path (its device's, or its queue pair on the host's NIC). */
  public DmaPath dma() {
    return dma;
  }
}
