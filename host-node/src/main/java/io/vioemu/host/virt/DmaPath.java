package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.iommu.DmaCounters;
import io.vioemu.host.iommu.DmaDirection;
import io.vioemu.host.iommu.DmaMapper;
import io.vioemu.host.iommu.DmaMapperSettings;
import io.vioemu.host.iommu.DmaMapping;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuCosts;
import io.vioemu.host.iommu.IommuCounters;
import io.vioemu.host.iommu.IommuModel;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaLog;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.DmaTranslator;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;

/**
 * The DMAs of one NIC driver through the DMA API and the IOMMU: transmit buffers are mapped before
 * the device reads them and unmapped when it is done; receive buffers are mapped when the ring is
 * refilled and unmapped when a packet lands in them. The device's accesses go through the IOMMU's
 * IOTLB, so hit rates, invalidations and the deferred strategy's stale windows come from the model,
 * and every DMA API call returns the cycles it cost.
 */
public final class DmaPath {
  private static final int DEVICE = 1;
  private static final int DOMAIN = 1;

  /** Linux's ixgbe uses 2 KB receive buffers, two to a page. */
  static final int BUFFER_BYTES = 2048;

  private final DmaMapper mapper;
  private final IommuModel iommu;

  /** Checks a VM's device accesses against page owners; null for a native OS. */
  private final DmaEngine engine;

  private boolean lastLanded = true;
  private final int txSlots;
  private final int rxSlots;
  private final long txBase;
  private final long rxBase;
  private final DmaMapping[] rxMapped;
  private int txNext;
  private int rxNext;

  /**
   * @param txSlots transmit descriptors (each a buffer of its own)
   * @param rxSlots receive descriptors
   * @param guestPhysical the driver runs in a VM and gives the device guest-physical addresses
   *     (pass-through, SR-IOV): every access is checked against the owner of the page it reaches
   */
  public DmaPath(
      DmaStrategy strategy,
      VirtCosts v,
      long copyMilliCyclesPerByte,
      int deferredBatch,
      IommuSettings iommuSettings,
      int txSlots,
      int rxSlots,
      boolean guestPhysical) {
    long bufferPages = (long) (txSlots + rxSlots) * BUFFER_BYTES / HostMemory.PAGE_SIZE + 1;
    long guestPages = Math.max(4096, 4 * bufferPages);
    HostMemory host = new HostMemory(guestPages + 1024, 1024);
    GuestMemory memory = GuestMemory.allocate(host, Owner.vm(1), guestPages);
    this.iommu = new IommuModel(iommuSettings, IommuCosts.from(v));
    iommu.attach(DEVICE, DOMAIN);
    DmaMapperSettings s =
        new DmaMapperSettings(
            strategy,
            deferredBatch,
            DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS,
            txSlots + rxSlots,
            txSlots + rxSlots,
            1,
            copyMilliCyclesPerByte);
    this.mapper = DmaMapper.create(s, memory, iommu, DOMAIN);
    if (guestPhysical) {
      DmaTranslator translator = strategy == DmaStrategy.OFF ? DmaTranslator.NONE : iommu;
      this.engine = new DmaEngine(host, translator, new DmaLog(64));
      engine.assign(DEVICE, Owner.vm(1));
    } else {
      this.engine = null;
    }
    this.txSlots = txSlots;
    this.rxSlots = rxSlots;
    this.txBase = 0;
    this.rxBase = (long) txSlots * BUFFER_BYTES;
    this.rxMapped = new DmaMapping[rxSlots];
    for (int i = 0; i < rxSlots; i++) {
      rxMapped[i] =
          mapper.map(rxBase + (long) i * BUFFER_BYTES, BUFFER_BYTES, DmaDirection.FROM_DEVICE, 0);
    }
  }

  public DmaStrategy strategy() {
    return mapper.strategy();
  }

  /** The device reads one transmit buffer of {@code bytes}; returns the CPU cycles it cost. */
  public long transmit(int bytes, long nowPs) {
    if (untranslated()) {
      return 0;
    }
    long cycles = mapper.poll(nowPs);
    long address = txBase + (long) txNext * BUFFER_BYTES;
    txNext = (txNext + 1) % txSlots;
    DmaMapping m =
        mapper.map(address, Math.min(bytes, BUFFER_BYTES), DmaDirection.TO_DEVICE, nowPs);
    cycles += m.cycles();
    access(m.deviceAddress(), m.bytes(), false, nowPs);
    return cycles + mapper.unmap(m, nowPs);
  }

  /**
   * The device wrote a packet into the next receive buffer; the driver unmaps it and maps a fresh
   * one for the ring. Returns the CPU cycles it cost.
   */
  public long receive(int bytes, long nowPs) {
    if (untranslated()) {
      return 0;
    }
    long cycles = mapper.poll(nowPs);
    int slot = rxNext;
    rxNext = (rxNext + 1) % rxSlots;
    DmaMapping m = rxMapped[slot];
    access(m.deviceAddress(), Math.min(bytes, BUFFER_BYTES), true, nowPs);
    cycles += mapper.unmap(m, nowPs);
    rxMapped[slot] =
        mapper.map(
            rxBase + (long) slot * BUFFER_BYTES, BUFFER_BYTES, DmaDirection.FROM_DEVICE, nowPs);
    return cycles + rxMapped[slot].cycles();
  }

  /**
   * The device's access itself: through the IOMMU, and for a VM checked against page owners. A
   * blocked access or one that lands outside the VM's memory did not move the packet.
   */
  private void access(long deviceAddress, int bytes, boolean write, long nowPs) {
    if (engine == null) {
      if (mapper.strategy() != DmaStrategy.OFF) {
        iommu.translate(DEVICE, deviceAddress, write, nowPs); // a native OS's own memory
      }
      lastLanded = true;
      return;
    }
    DmaResult r =
        write
            ? engine.write(DEVICE, deviceAddress, bytes, nowPs)
            : engine.read(DEVICE, deviceAddress, bytes, nowPs);
    lastLanded = r.ok();
  }

  /** A native OS without an IOMMU: the device uses its physical addresses, nothing to do. */
  private boolean untranslated() {
    return engine == null && mapper.strategy() == DmaStrategy.OFF;
  }

  /** Whether the last transmit or receive moved its packet where the driver meant it to. */
  public boolean lastLanded() {
    return lastLanded;
  }

  public void reportMetrics(String prefix, MetricSink sink) {
    DmaCounters d = mapper.counters();
    IommuCounters c = iommu.counters();
    sink.put(prefix + "iommu.maps", d.maps());
    sink.put(prefix + "iommu.unmaps", d.unmaps());
    sink.put(prefix + "iommu.dmaApiCycles", d.totalCycles());
    sink.put(prefix + "iommu.pageInvalidations", d.pageInvalidations());
    sink.put(prefix + "iommu.globalInvalidations", d.globalInvalidations());
    sink.put(prefix + "iommu.staleWindowMaxPs", d.staleWindowMaxPs());
    sink.put(prefix + "iommu.translations", c.translations());
    sink.put(prefix + "iommu.iotlbHits", c.iotlbHits());
    sink.put(prefix + "iommu.iotlbMisses", c.iotlbMisses());
    sink.put(prefix + "iommu.faults", c.totalFaults());
    if (engine != null) {
      DmaLog log = engine.log();
      DamageReport damage = log.damage();
      sink.put(prefix + "dma.transfers", log.total());
      sink.put(prefix + "dma.blocked", log.count(DmaOutcome.BLOCKED_BY_IOMMU));
      sink.put(prefix + "dma.foreign", log.count(DmaOutcome.LANDED_IN_FOREIGN_PAGE));
      sink.put(prefix + "dma.foreignPagesWritten", damage.pagesWritten().size());
      sink.put(prefix + "dma.hostCompromised", damage.hostCompromised() ? 1 : 0);
    }
  }
}
