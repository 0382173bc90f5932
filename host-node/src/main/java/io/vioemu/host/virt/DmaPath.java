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
   */
  public DmaPath(
      DmaStrategy strategy,
      VirtCosts v,
      long copyMilliCyclesPerByte,
      int deferredBatch,
      IommuSettings iommuSettings,
      int txSlots,
      int rxSlots) {
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
    long cycles = mapper.poll(nowPs);
    long address = txBase + (long) txNext * BUFFER_BYTES;
    txNext = (txNext + 1) % txSlots;
    DmaMapping m =
        mapper.map(address, Math.min(bytes, BUFFER_BYTES), DmaDirection.TO_DEVICE, nowPs);
    cycles += m.cycles();
    iommu.translate(DEVICE, m.deviceAddress(), false, nowPs);
    return cycles + mapper.unmap(m, nowPs);
  }

  /**
   * The device wrote a packet into the next receive buffer; the driver unmaps it and maps a fresh
   * one for the ring. Returns the CPU cycles it cost.
   */
  public long receive(int bytes, long nowPs) {
    long cycles = mapper.poll(nowPs);
    int slot = rxNext;
    rxNext = (rxNext + 1) % rxSlots;
    DmaMapping m = rxMapped[slot];
    iommu.translate(DEVICE, m.deviceAddress(), true, nowPs);
    cycles += mapper.unmap(m, nowPs);
    rxMapped[slot] =
        mapper.map(
            rxBase + (long) slot * BUFFER_BYTES, BUFFER_BYTES, DmaDirection.FROM_DEVICE, nowPs);
    return cycles + rxMapped[slot].cycles();
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
  }
}
