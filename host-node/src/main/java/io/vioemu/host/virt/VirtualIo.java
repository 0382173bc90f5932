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
   * The guest runs in an entity of its own and drives its device: its DMA API's calls reach the
   * host's IOMMU as they are replayed here, where the device's reads and writes happen.
   */
  private final boolean replayDeviceDma;

  private boolean lastNotified;

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
    this(model, v, h, postedInterrupts, dma, hostCore, grants, false);
  }

  /**
   * @param replayDeviceDma the host's side of a guest in an entity of its own that drives its
   *     device: the guest's DMA API calls are replayed on {@code dma}, whose device reads and
   *     writes they make possible (the guest keeps a replica of its DMA API for the cycles)
   */
  public VirtualIo(
      IoModel model,
      VirtCosts v,
      HostCosts h,
      boolean postedInterrupts,
      DmaPath dma,
      CoreModel hostCore,
      GrantTable grants,
      boolean replayDeviceDma) {
    if (model == IoModel.XEN && grants == null && hostCore != null) {
      throw new IllegalArgumentException("a Xen guest's back-end needs its grant table");
    }
    this.replayDeviceDma = replayDeviceDma;
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
   * The guest's part of sending a packet of {@code packetBytes} that its driver queued on {@code
   * vcpu} at {@code readyPs}: the DMA API under direct assignment, the doorbell's exit and the
   * device model under emulation, the notification of an idle back-end under virtio and Xen.
   * Returns when the packet leaves the guest; {@link #hostTransmit} takes it from there.
   *
   * @param backendBusyUntilPs until when the guest sees its back-end busy (a busy one polls its
   *     ring and needs no notification)
   */
  public long guestTransmit(
      CoreModel vcpu, int packetBytes, long readyPs, long backendBusyUntilPs) {
    lastNotified = false;
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV ->
          dmaApi(vcpu, dma.transmit(packetBytes, readyPs), readyPs);
      case EMULATION -> {
        long t = exit(vcpu, ExitCause.MMIO, v.mmioEmulationCycles(), readyPs);
        // the device model transmits inside the doorbell's exit, on the vCPU's thread
        vcpu.run(v.emulatedPacketCycles(), Component.BACKEND, t);
        yield vcpu.run(
            perBytes(v.emulatedCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, t);
      }
      case VIRTIO, XEN -> {
        if (backendBusyUntilPs > readyPs) {
          stats.suppressedNotifications++;
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
   * The host's part of sending a packet the guest let go at {@code fromPs}: the back-end and the
   * host's driver on the back-end's core, or, for a guest in an entity of its own that drives its
   * device, the device's reads through the DMA API's mappings (whose cycles the guest paid).
   * Returns when the packet is in the physical NIC's queue.
   *
   * @param notified whether the guest notified an idle back-end, which must wake up first
   */
  public long hostTransmit(int packetBytes, long fromPs, boolean notified) {
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV -> {
        if (replayDeviceDma) {
          dma.transmit(packetBytes, fromPs);
        }
        yield fromPs;
      }
      case EMULATION -> hostSend(packetBytes, fromPs);
      case VIRTIO, XEN -> {
        long t = fromPs;
        if (notified && model == IoModel.VIRTIO) {
          // a Xen event channel needs no back-end wake-up beyond the hypercall's exit
          t = hostCore.run(v.vhostKickCycles(), Component.BACKEND, t);
        }
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

  /** The host bridge and the physical NIC's driver, on the back-end's core. */
  private long hostSend(int packetBytes, long fromPs) {
    hostCore.run(v.bridgeCyclesPerFrame(), Component.BACKEND, fromPs);
    long t = hostCore.run(h.txDriverCyclesPerFrame(), Component.BACKEND, fromPs);
    // the host (or driver domain) owns the NIC: its DMA API maps the packet
    return dmaApi(hostCore, dma.transmit(packetBytes, t), t);
  }

  /**
   * The physical NIC raises an interrupt: counted here; a software back-end's host takes it on the
   * back-end's core. Returns when what follows may run (the guest's own handling, under direct
   * assignment, is {@link #guestInterrupt}).
   */
  public long hostInterrupt(long nowPs) {
    stats.deviceInterrupts++;
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV -> nowPs;
      case EMULATION, VIRTIO, XEN ->
          hostCore.run(h.rxInterruptCycles(), Component.INTERRUPT, nowPs);
    };
  }

  /**
   * A device interrupt reaches a guest that drives its device: delivery and EOI exits unless
   * interrupts are posted. Returns when the guest's handler may run on {@code vcpu} (the caller
   * charges the handler itself).
   */
  public long guestInterrupt(CoreModel vcpu, long nowPs) {
    if (model == IoModel.BARE_METAL) {
      return nowPs;
    }
    if (postedInterrupts) {
      stats.postedInterrupts++;
      return nowPs;
    }
    stats.injectedInterrupts++;
    long t = exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, v.interruptInjectionCycles(), nowPs);
    return exit(vcpu, ExitCause.EOI, v.apicEmulationCycles(), t);
  }

  /**
   * The guest's driver takes one received packet of {@code frames} frames and {@code packetBytes}
   * off the ring its device writes at {@code nowPs}: the DMA API unmaps the filled buffers and maps
   * fresh ones. Returns when the driver may go on on {@code vcpu}.
   */
  public long guestReceive(CoreModel vcpu, int frames, int packetBytes, long nowPs) {
    long cycles = 0;
    for (int f = 0; f < frames; f++) {
      cycles += dma.receive(packetBytes / frames, nowPs);
    }
    return dmaApi(vcpu, cycles, nowPs);
  }

  /**
   * Whether frames the device writes into the ring of a guest in an entity of its own land there
   * (the guest's driver learns it from the ring; the write itself is checked when the guest's
   * driver takes the frame, {@link #replayRefill}).
   */
  public boolean receivesLand() {
    return dma.receivesLand();
  }

  /**
   * A guest in an entity of its own took {@code frames} frames of a packet of {@code packetBytes}
   * off its ring: the device's writes are checked, and the DMA API's unmaps and fresh maps reach
   * the IOMMU (the guest paid their cycles), as they would have at once in the host's entity.
   */
  public void replayRefill(int frames, int packetBytes, long nowPs) {
    for (int f = 0; f < frames; f++) {
      dma.receive(packetBytes / frames, nowPs);
    }
  }

  /**
   * A software back-end's host takes one received packet of {@code frames} frames and {@code
   * packetBytes} off the physical ring at {@code nowPs}; returns when it is ready for the guest.
   */
  public long hostReceive(int frames, int packetBytes, long nowPs) {
    hostCore.run(h.rxDriverCyclesPerFrame() * frames, Component.BACKEND, nowPs);
    long cycles = 0;
    for (int f = 0; f < frames; f++) {
      cycles += dma.receive(packetBytes / frames, nowPs);
      if (grants != null) {
        grants.copyToGuest(dma.lastRxHostPage(), packetBytes / frames, nowPs);
      }
    }
    dmaApi(hostCore, cycles, nowPs);
    hostCore.run(v.bridgeCyclesPerFrame() * frames, Component.BACKEND, nowPs);
    hostCore.run(backEndPacketCycles() * frames, Component.BACKEND, nowPs);
    return hostCore.run(
        perBytes(backEndCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, nowPs);
  }

  /**
   * The back-end has put received packets in the guest's ring and injects a virtual interrupt: the
   * hypervisor's part, on the back-end's core. Returns when the guest's part ({@link
   * #guestInjected}) may start.
   */
  public long hostInject(long readyPs) {
    stats.injectedInterrupts++;
    return hostCore.run(v.interruptInjectionCycles(), Component.HYPERVISOR, readyPs);
  }

  /**
   * The guest takes an injected interrupt: a running vCPU is kicked out, and its handler exits as
   * its device requires. Returns when the guest handler may run.
   */
  public long guestInjected(CoreModel vcpu, long readyPs) {
    long t = exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, 0, readyPs);
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
    if (dma != null) {
      dma.reportMetrics(prefix, sink);
    }
    if (grants != null) {
      grants.reportMetrics(prefix, sink);
    }
  }

  /** The guest's DMA path (its device's, or its queue pair on the host's NIC). */
  public DmaPath dma() {
    return dma;
  }
}
