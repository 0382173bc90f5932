package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;

/**
 * The host's half of one guest's data path between its network driver and the physical NIC, for one
 * {@link IoModel}: the software back-end (device model, vhost, netback, bridge, host driver) on the
 * host core that runs it, the physical NIC's interrupts, the injection of virtual interrupts, and,
 * for a guest in an entity of its own that drives its device, the replay of its DMA API's calls
 * where the device's reads and writes happen. The guest's half (its exits, its DMA API) is {@code
 * io.vioemu.guest.virt.GuestIo}; both count into one {@link IoPath}. Pure Java.
 */
public final class HostIo {
  private final IoPath path;
  private final IoModel model;
  private final VirtCosts v;
  private final HostCosts h;
  private final DmaPath dma;
  private final CoreModel hostCore;
  private final GrantTable grants;

  /**
   * The guest runs in an entity of its own and drives its device: its DMA API's calls reach the
   * host's IOMMU as they are replayed here, where the device's reads and writes happen.
   */
  private final boolean replayDeviceDma;

  /**
   * @param hostCore runs the back-end (emulator, vhost, netback, bridge, host driver); unused by
   *     bare metal, pass-through and SR-IOV
   * @param replayDeviceDma the host's side of a guest in an entity of its own that drives its
   *     device: the guest's DMA API calls are replayed on the path's DMA, whose device reads and
   *     writes they make possible (the guest keeps a replica of its DMA API for the cycles)
   */
  public HostIo(IoPath path, CoreModel hostCore, boolean replayDeviceDma) {
    if (path.model() == IoModel.XEN && path.grants() == null && hostCore != null) {
      throw new IllegalArgumentException("a Xen guest's back-end needs its grant table");
    }
    this.path = path;
    this.model = path.model();
    this.v = path.virt();
    this.h = path.host();
    this.dma = path.dma();
    this.grants = path.grants();
    this.hostCore = hostCore;
    this.replayDeviceDma = replayDeviceDma;
  }

  public IoPath path() {
    return path;
  }

  public IoModel model() {
    return model;
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
    return path.dmaApi(hostCore, dma.transmit(packetBytes, t), t);
  }

  /**
   * The physical NIC raises an interrupt: counted here; a software back-end's host takes it on the
   * back-end's core. Returns when what follows may run (the guest's own handling, under direct
   * assignment, is the guest half's).
   */
  public long hostInterrupt(long nowPs) {
    path.stats().deviceInterrupts++;
    return switch (model) {
      case BARE_METAL, PASSTHROUGH, SRIOV -> nowPs;
      case EMULATION, VIRTIO, XEN ->
          hostCore.run(h.rxInterruptCycles(), Component.INTERRUPT, nowPs);
    };
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
   * The DMA API's timer (a deferred flush, an optimistic teardown) fires at {@code nowPs}: its work
   * runs on the back-end's core, or on {@code driverCore} (the core of the kernel that drives the
   * device here); a guest in an entity of its own pays it in its replica, so it is not charged
   * twice.
   */
  public void dmaTimer(CoreModel driverCore, long nowPs) {
    long cycles = dma.pollDmaApi(nowPs);
    CoreModel core = hostCore != null ? hostCore : driverCore;
    if (cycles > 0 && core != null && !replayDeviceDma) {
      core.run(cycles, Component.IOMMU, nowPs);
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
    path.dmaApi(hostCore, cycles, nowPs);
    hostCore.run(v.bridgeCyclesPerFrame() * frames, Component.BACKEND, nowPs);
    hostCore.run(backEndPacketCycles() * frames, Component.BACKEND, nowPs);
    return hostCore.run(
        perBytes(backEndCopyMilliCyclesPerByte(), packetBytes), Component.BACKEND, nowPs);
  }

  /**
   * The back-end has put received packets in the guest's ring and injects a virtual interrupt: the
   * hypervisor's part, on the back-end's core (an irqfd signal and KVM setting the vector, for the
   * next entry or, with APIC virtualization, in the vCPU's posted-interrupt descriptor with a
   * notification IPI: the same software path up to its last step). Returns when the guest's part
   * may start.
   */
  public long hostInject(long readyPs) {
    if (path.interrupts() == InterruptMode.POSTED) {
      path.stats().posted();
    } else {
      path.stats().injected();
    }
    return hostCore.run(v.interruptInjectionCycles(), Component.HYPERVISOR, readyPs);
  }

  private static long perBytes(long milliCyclesPerByte, long bytes) {
    return HostCosts.perBytes(milliCyclesPerByte, bytes);
  }

  public HypervisorStats stats() {
    return path.stats();
  }

  public boolean lastDmaLanded() {
    return path.lastDmaLanded();
  }

  public boolean receivesLand() {
    return path.receivesLand();
  }

  public void reportMetrics(String prefix, MetricSink sink) {
    path.reportMetrics(prefix, sink);
  }

  /** The guest's DMA path (its device's, or its queue pair on the host's NIC). */
  public DmaPath dma() {
    return dma;
  }
}
