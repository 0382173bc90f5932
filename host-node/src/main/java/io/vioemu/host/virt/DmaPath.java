package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.iommu.DmaCounters;
import io.vioemu.host.iommu.DmaDirection;
import io.vioemu.host.iommu.DmaMapper;
import io.vioemu.host.iommu.DmaMapping;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuDeviceCounters;
import io.vioemu.host.iommu.IommuModel;
import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaRecord;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import java.util.Arrays;

/**
 * The DMAs of one NIC queue pair through its driver's DMA API and the host's IOMMU: transmit
 * buffers are mapped before the device reads them and unmapped when it is done; receive buffers are
 * mapped when the ring is refilled and unmapped when the driver takes the packet that landed in
 * them. The device writes a received frame when it arrives ({@link #deviceWrite}), into the next
 * posted buffer, and an IOTLB miss delays that write by the page walk; a transmit's read is
 * translated between the driver's map and unmap, and its walk ({@link #lastTxWalkPs}) delays the
 * device's fetch of the packet. The device's accesses go through the host's one IOMMU and its
 * IOTLB, shared with every other device of the host, so hit rates, invalidations and the deferred
 * strategy's stale windows come from the model, and every DMA API call returns the cycles it cost.
 * Built by {@link HostDma}.
 */
public final class DmaPath {
  /** Linux's ixgbe uses 2 KB receive buffers, two to a page. */
  static final int BUFFER_BYTES = 2048;

  private final DmaMapper mapper;

  /** The mapper is this path's alone (a guest's driver), not the host's shared one. */
  private final boolean ownsMapper;

  private final GuestMemory memory;
  private final IommuModel iommu;

  /** Checks the device's accesses against page owners; null when the host kernel drives it. */
  private final DmaEngine engine;

  private final int device;
  private boolean lastLanded = true;
  private final int txSlots;
  private final int rxSlots;
  private final long txBase;
  private final long rxBase;
  private final DmaMapping[] rxMapped;
  private int txNext;
  private int rxNext;

  /** The receive buffer the device writes next (the driver takes them back in the same order). */
  private int rxDeviceNext;

  /** Whether the device's write into each receive buffer went where the driver meant it to. */
  private final boolean[] rxLanded;

  /** The page walk of the last access: what the IOTLB miss, if any, added to the DMA. */
  private long lastWalkPs;

  private long lastTxWalkPs;
  private long rxWalkPs;
  private long txWalkPs;

  /**
   * The driver's replica of a guest's DMA API in an entity of its own: it costs the same cycles as
   * the real one but no device goes through it.
   */
  private boolean replica;

  /** The real path of a guest in an entity of its own: the guest's replica reports the DMA API. */
  private boolean deviceSide;

  private long lastTxAddress = -1;
  private long lastRxAddress = -1;

  /** A buggy driver's device, waiting for the next unmap of a receive buffer; null if none. */
  private DmaAttack armed;

  private long transfers;
  private long blocked;
  private long foreign;

  /**
   * @param base where this queue pair's buffers start in {@code memory} (its owner's address)
   * @param txSlots transmit descriptors (each a buffer of its own)
   * @param rxSlots receive descriptors
   */
  DmaPath(
      DmaMapper mapper,
      boolean ownsMapper,
      GuestMemory memory,
      IommuModel iommu,
      DmaEngine engine,
      int device,
      long base,
      int txSlots,
      int rxSlots) {
    this.mapper = mapper;
    this.ownsMapper = ownsMapper;
    this.memory = memory;
    this.iommu = iommu;
    this.engine = engine;
    this.device = device;
    this.txSlots = txSlots;
    this.rxSlots = rxSlots;
    this.txBase = base;
    this.rxBase = base + (long) txSlots * BUFFER_BYTES;
    this.rxMapped = new DmaMapping[rxSlots];
    this.rxLanded = new boolean[rxSlots];
    Arrays.fill(rxLanded, true);
    for (int i = 0; i < rxSlots; i++) {
      rxMapped[i] =
          mapper.map(rxBase + (long) i * BUFFER_BYTES, BUFFER_BYTES, DmaDirection.FROM_DEVICE, 0);
    }
  }

  /** Bytes of buffers one queue pair of {@code txSlots} and {@code rxSlots} uses. */
  static long ringBytes(int txSlots, int rxSlots) {
    return (long) (txSlots + rxSlots) * BUFFER_BYTES;
  }

  public DmaStrategy strategy() {
    return mapper.strategy();
  }

  public int device() {
    return device;
  }

  /** The device reads one transmit buffer of {@code bytes}; returns the CPU cycles it cost. */
  public long transmit(int bytes, long nowPs) {
    long address = txBase + (long) txNext * BUFFER_BYTES;
    txNext = (txNext + 1) % txSlots;
    lastTxAddress = address;
    lastTxWalkPs = 0;
    if (untranslated()) {
      return 0;
    }
    long cycles = mapper.poll(nowPs);
    DmaMapping m =
        mapper.map(address, Math.min(bytes, BUFFER_BYTES), DmaDirection.TO_DEVICE, nowPs);
    cycles += m.cycles();
    access(m.deviceAddress(), m.bytes(), false, nowPs);
    lastTxWalkPs = lastWalkPs;
    txWalkPs += lastWalkPs;
    return cycles + mapper.unmap(m, nowPs);
  }

  /**
   * The page walk the last {@link #transmit}'s read met: the device fetches that packet this much
   * later. 0 on an IOTLB hit, without an IOMMU, and for a replica.
   */
  public long lastTxWalkPs() {
    return lastTxWalkPs;
  }

  /**
   * The device writes a frame of {@code bytes} into the next posted receive buffer, through the
   * IOMMU. Returns the page walk that delays the write (0 on an IOTLB hit or without an IOMMU).
   */
  public long deviceWrite(int bytes, long nowPs) {
    int slot = rxDeviceNext;
    rxDeviceNext = (rxDeviceNext + 1) % rxSlots;
    if (untranslated() || replica) {
      return 0;
    }
    access(rxMapped[slot].deviceAddress(), Math.min(bytes, BUFFER_BYTES), true, nowPs);
    rxLanded[slot] = lastLanded;
    rxWalkPs += lastWalkPs;
    return lastWalkPs;
  }

  /**
   * The driver takes the packet the device wrote into the next receive buffer ({@link
   * #deviceWrite}): it unmaps the buffer and maps a fresh one for the ring. Returns the CPU cycles
   * it cost.
   */
  public long receive(int bytes, long nowPs) {
    int slot = rxNext;
    rxNext = (rxNext + 1) % rxSlots;
    lastRxAddress = rxBase + (long) slot * BUFFER_BYTES;
    if (untranslated()) {
      return 0;
    }
    lastLanded = rxLanded[slot];
    rxLanded[slot] = true;
    long cycles = mapper.poll(nowPs);
    return cycles + refill(slot, nowPs);
  }

  /**
   * Whether a packet the device writes into a posted receive buffer lands there: always, unless the
   * device is given a VM's guest-physical addresses with no IOMMU to translate them.
   */
  public boolean receivesLand() {
    return engine == null || mapper.strategy() != DmaStrategy.OFF;
  }

  /** Unmaps the filled buffer in {@code slot} (a buggy device may strike now) and maps it anew. */
  private long refill(int slot, long nowPs) {
    DmaMapping m = rxMapped[slot];
    long cycles = mapper.unmap(m, nowPs);
    if (armed != null) {
      DmaAttack a = armed;
      armed = null;
      a.afterUnmap(
          this, m.deviceAddress(), memory.hostPage(HostMemory.pageOf(m.guestAddress())), nowPs);
    }
    rxMapped[slot] =
        mapper.map(
            rxBase + (long) slot * BUFFER_BYTES, BUFFER_BYTES, DmaDirection.FROM_DEVICE, nowPs);
    return cycles + rxMapped[slot].cycles();
  }

  /** Makes this path the driver's replica: its calls cost cycles but move no data. */
  DmaPath asReplica() {
    replica = true;
    return this;
  }

  /** Makes this path the device's side of a driver that keeps a replica ({@link #asReplica}). */
  DmaPath asDeviceSide() {
    deviceSide = true;
    return this;
  }

  /** The host page of the buffer the next transmit will use (a back-end fills it first). */
  long nextTxHostPage() {
    return memory.hostPage(HostMemory.pageOf(txBase + (long) txNext * BUFFER_BYTES));
  }

  /** The host page of the receive buffer the last packet landed in; -1 before any. */
  long lastRxHostPage() {
    return lastRxAddress < 0 ? -1 : memory.hostPage(HostMemory.pageOf(lastRxAddress));
  }

  /**
   * The device's access itself: through the IOMMU, and for a VM checked against page owners. A
   * blocked access or one that lands outside the VM's memory did not move the packet.
   */
  private void access(long deviceAddress, int bytes, boolean write, long nowPs) {
    lastWalkPs = 0;
    if (replica) {
      lastLanded = true;
      return;
    }
    if (engine == null) {
      if (mapper.strategy() != DmaStrategy.OFF) {
        // the host kernel's own memory
        lastWalkPs = iommu.translate(device, deviceAddress, write, nowPs).latencyPs();
      }
      lastLanded = true;
      return;
    }
    DmaResult r = tally(deviceAccess(deviceAddress, bytes, write, nowPs));
    lastWalkPs = r.latencyPs();
    lastLanded = r.ok();
  }

  private DmaResult deviceAccess(long deviceAddress, int bytes, boolean write, long nowPs) {
    return write
        ? engine.write(device, deviceAddress, bytes, nowPs)
        : engine.read(device, deviceAddress, bytes, nowPs);
  }

  private DmaResult tally(DmaResult r) {
    for (DmaRecord rec : r.records()) {
      transfers++;
      if (rec.outcome() == DmaOutcome.BLOCKED_BY_IOMMU) {
        blocked++;
      } else if (rec.outcome() == DmaOutcome.LANDED_IN_FOREIGN_PAGE) {
        foreign++;
      }
    }
    return r;
  }

  /** A native OS without an IOMMU: the device uses its physical addresses, nothing to do. */
  private boolean untranslated() {
    return engine == null && mapper.strategy() == DmaStrategy.OFF;
  }

  /** Whether the last transmit or receive moved its packet where the driver meant it to. */
  public boolean lastLanded() {
    return lastLanded;
  }

  // ---- what a misbehaving guest makes the device do (DMA attacks) ----

  /**
   * The device writes {@code bytes} at bus address {@code address}, as its (malicious) driver
   * programmed it: the IOMMU, or nothing, decides where that lands.
   */
  public DmaResult programmedWrite(long address, int bytes, long nowPs) {
    requireChecked();
    return tally(engine.write(device, address, bytes, nowPs));
  }

  /**
   * Lets {@code attack} strike right after the driver's next unmap of a receive buffer, before the
   * driver maps anything new: the moment a buggy driver's stale descriptor is most dangerous.
   */
  void arm(DmaAttack attack) {
    requireChecked();
    armed = attack;
  }

  /** The DMA API's time-driven work now (the deferred strategy's flush timer). */
  public long pollDmaApi(long nowPs) {
    return mapper.poll(nowPs);
  }

  /** When the DMA API has time-driven work next ({@link #pollDmaApi}); never for a replica. */
  public long dmaApiDeadlinePs() {
    return replica ? Long.MAX_VALUE : mapper.nextDeadlinePs();
  }

  private void requireChecked() {
    if (engine == null) {
      throw new IllegalStateException("the device of a host kernel is not a guest's to program");
    }
  }

  /**
   * The DMA API's counters when the mapper is this path's own; and, for one of several guests
   * ({@code prefix} not empty), what its device met in the host's IOMMU and memory. A lone guest's
   * device numbers are the host's, which {@link HostDma} reports.
   */
  public void reportMetrics(String prefix, MetricSink sink) {
    if (ownsMapper && !deviceSide) {
      reportMapper(prefix, mapper.counters(), sink);
    }
    if (prefix.isEmpty() || !ownsMapper || replica) {
      return;
    }
    IommuDeviceCounters c = iommu.deviceCounters(device);
    sink.put(prefix + "iommu.translations", c.translations());
    sink.put(prefix + "iommu.iotlbHits", c.iotlbHits());
    sink.put(prefix + "iommu.iotlbMisses", c.iotlbMisses());
    sink.put(prefix + "iommu.faults", c.faults());
    sink.put(prefix + "iommu.rxWalkPs", rxWalkPs);
    sink.put(prefix + "iommu.txWalkPs", txWalkPs);
    if (engine != null) {
      DamageReport damage = engine.log().damage();
      sink.put(prefix + "dma.transfers", transfers);
      sink.put(prefix + "dma.blocked", blocked);
      sink.put(prefix + "dma.foreign", foreign);
      sink.put(
          prefix + "dma.foreignPagesWritten",
          damage.written().stream().filter(d -> d.device() == device).count());
      boolean compromised =
          damage.written().stream()
              .anyMatch(d -> d.device() == device && d.victim().equals(Owner.HYPERVISOR));
      sink.put(prefix + "dma.hostCompromised", compromised ? 1 : 0);
    }
  }

  static void reportMapper(String prefix, DmaCounters d, MetricSink sink) {
    sink.put(prefix + "iommu.maps", d.maps());
    sink.put(prefix + "iommu.unmaps", d.unmaps());
    sink.put(prefix + "iommu.dmaApiCycles", d.totalCycles());
    sink.put(prefix + "iommu.pageInvalidations", d.pageInvalidations());
    sink.put(prefix + "iommu.globalInvalidations", d.globalInvalidations());
    sink.put(prefix + "iommu.staleWindowMaxPs", d.staleWindowMaxPs());
  }
}
