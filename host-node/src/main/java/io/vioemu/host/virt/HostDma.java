package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.iommu.DmaApiTuning;
import io.vioemu.host.iommu.DmaMapper;
import io.vioemu.host.iommu.DmaMapperSettings;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuCosts;
import io.vioemu.host.iommu.IommuCounters;
import io.vioemu.host.iommu.IommuModel;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaLog;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaTranslator;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import java.util.ArrayList;
import java.util.List;

/**
 * One host's DMA world: its physical memory, every page with an owner; its one IOMMU, whose context
 * table sends each device to a domain and whose IOTLB all devices share; and the DMA engine that
 * checks where the devices' accesses land.
 *
 * <p>Who drives which device follows the guests' I/O models. A pass-through or SR-IOV guest {@code
 * i} (VM {@code i + 1}) drives device {@code i + 1} (its NIC or virtual function) in domain {@code
 * i + 1}, with its guest-physical addresses. Otherwise the host's physical NIC ({@value
 * #HOST_DEVICE}, the PF) is driven by the host kernel, or under Xen by the driver domain, in domain
 * {@value #HOST_DOMAIN}, one queue pair per guest, through one DMA API; Xen guests' data reaches
 * their own pages only by the hypervisor's grant copies ({@link GrantTable}).
 *
 * <p>Layout, lowest page first, as a hypervisor allocates: its own pages, then each VM's memory
 * followed by the hypervisor pages that manage that VM (its EPT root among them), then the memory
 * of the host kernel or driver domain. Deterministic: the same guests give the same pages.
 */
public final class HostDma {
  /** The physical NIC (its physical function). */
  public static final int HOST_DEVICE = 0;

  static final int HOST_DOMAIN = 0;

  /** The hypervisor's own pages at the bottom of memory (4 MiB). */
  static final long HYPERVISOR_PAGES = 1024;

  /** Pages the hypervisor allocates to manage each VM, after its memory (EPT root, VMCS...). */
  static final long VM_CONTROL_PAGES = 4;

  /** The Xen driver domain (dom0) that runs the back-ends and the physical NIC's driver. */
  public static final Owner DRIVER_DOMAIN = Owner.driverDomain(0);

  private final HostMemory memory;
  private final IommuModel iommu;
  private final DmaEngine engine;
  private final DmaMapper hostMapper;
  private final boolean hostChecked;
  private final List<GuestMemory> vmMemory = new ArrayList<>();
  private final List<Long> vmControlPages = new ArrayList<>();
  private final List<DmaPath> paths = new ArrayList<>();
  private final List<GrantTable> grants = new ArrayList<>();

  /**
   * @param guests each guest's I/O model, in guest order
   * @param copyMilliCyclesPerByte what the {@code copy} strategy's bounce copies cost
   * @param txSlots transmit descriptors per queue
   * @param rxSlots receive descriptors per queue
   * @param vmPages each VM's guest memory in pages, or 0 for the smallest that holds its rings
   */
  public HostDma(
      List<IoModel> guests,
      DmaStrategy strategy,
      VirtCosts costs,
      long copyMilliCyclesPerByte,
      int deferredBatch,
      IommuSettings iommuSettings,
      int txSlots,
      int rxSlots,
      long vmPages) {
    this(
        guests,
        new DmaSetup(
            strategy,
            costs,
            copyMilliCyclesPerByte,
            DmaApiTuning.linux(strategy).withDeferredBatch(deferredBatch),
            iommuSettings,
            txSlots,
            rxSlots,
            vmPages));
  }

  /**
   * @param guests each guest's I/O model, in guest order
   */
  public HostDma(List<IoModel> guests, DmaSetup setup) {
    DmaStrategy strategy = setup.strategy();
    DmaStrategy hostStrategy = setup.tuning().hostStrategy();
    int txSlots = setup.txSlots();
    int rxSlots = setup.rxSlots();
    long ringPages = DmaPath.ringBytes(txSlots, rxSlots) / HostMemory.PAGE_SIZE + 1;
    long guestPages = guestPages(txSlots, rxSlots, setup.vmPages());
    int vms = (int) guests.stream().filter(IoModel::virtualized).count();
    int hostQueues = (int) guests.stream().filter(m -> !assigned(m)).count();
    long hostPages = Math.max(4096, 4 * ringPages * hostQueues);
    this.memory =
        new HostMemory(
            HYPERVISOR_PAGES + vms * (guestPages + VM_CONTROL_PAGES) + hostPages, HYPERVISOR_PAGES);
    this.iommu = new IommuModel(setup.iommu(), IommuCosts.from(setup.costs()));
    // the devices' DMA is translated unless the OS that drives them has no IOMMU: the guests that
    // drive their own, or else the host's
    DmaStrategy driving = guests.stream().anyMatch(HostDma::assigned) ? strategy : hostStrategy;
    this.engine =
        new DmaEngine(
            memory, driving == DmaStrategy.OFF ? DmaTranslator.NONE : iommu, new DmaLog(64));
    layOutVms(guests, guestPages);
    boolean xen = guests.contains(IoModel.XEN);
    this.hostChecked = xen;
    DmaMapperSettings perQueue = mapperSettings(setup);
    GuestMemory hostMemory = null;
    DmaMapper host = null;
    if (hostQueues > 0) {
      hostMemory =
          xen
              ? GuestMemory.allocate(memory, DRIVER_DOMAIN, hostPages)
              : GuestMemory.hostKernel(memory, hostPages);
      iommu.attach(HOST_DEVICE, HOST_DOMAIN);
      if (xen) {
        engine.assign(HOST_DEVICE, DRIVER_DOMAIN);
      }
      host =
          DmaMapper.createHostPhysical(
              scaled(perQueue, hostQueues, hostStrategy), hostMemory, iommu, HOST_DOMAIN);
    }
    this.hostMapper = host;
    long ringBytes = DmaPath.ringBytes(txSlots, rxSlots);
    int queue = 0;
    for (int i = 0; i < guests.size(); i++) {
      IoModel m = guests.get(i);
      if (assigned(m)) {
        paths.add(assignedPath(i, perQueue, txSlots, rxSlots));
      } else {
        DmaEngine check = hostChecked ? engine : null;
        paths.add(
            new DmaPath(
                host,
                false,
                hostMemory,
                iommu,
                check,
                HOST_DEVICE,
                queue++ * ringBytes,
                txSlots,
                rxSlots));
      }
      grants.add(
          m == IoModel.XEN
              ? new GrantTable(vmMemory.get(i), memory, DRIVER_DOMAIN, txSlots, rxSlots)
              : null);
    }
  }

  /** Each VM's memory, lowest pages first, each followed by the hypervisor's pages for it. */
  private void layOutVms(List<IoModel> guests, long guestPages) {
    for (int i = 0; i < guests.size(); i++) {
      if (guests.get(i).virtualized()) {
        vmMemory.add(GuestMemory.allocate(memory, Owner.vm(i + 1), guestPages));
        vmControlPages.add(memory.allocate(Owner.HYPERVISOR, VM_CONTROL_PAGES).get(0).first());
      } else {
        vmMemory.add(null);
        vmControlPages.add(-1L);
      }
    }
  }

  /**
   * The DMA API of a VM that drives its own device and runs in an entity of its own, for its
   * cycles: the same strategy over the same guest memory and rings as the host's {@link #path} for
   * it, which a real IOMMU and device stand behind. Its calls cost what the real ones cost.
   */
  public static DmaPath replica(DmaSetup setup) {
    long guestPages = guestPages(setup.txSlots(), setup.rxSlots(), setup.vmPages());
    HostMemory memory = new HostMemory(HYPERVISOR_PAGES + guestPages, HYPERVISOR_PAGES);
    GuestMemory vm = GuestMemory.allocate(memory, Owner.vm(1), guestPages);
    IommuModel iommu = new IommuModel(setup.iommu(), IommuCosts.from(setup.costs()));
    int device = 1;
    iommu.attach(device, device);
    DmaMapper mapper = DmaMapper.create(mapperSettings(setup), vm, iommu, device);
    return new DmaPath(mapper, true, vm, iommu, null, device, 0, setup.txSlots(), setup.rxSlots())
        .asReplica();
  }

  /** Pages of each VM's memory: as asked, or the smallest that holds its rings. */
  private static long guestPages(int txSlots, int rxSlots, long vmPages) {
    long ringPages = DmaPath.ringBytes(txSlots, rxSlots) / HostMemory.PAGE_SIZE + 1;
    return vmPages > 0 ? vmPages : Math.max(4096, 4 * ringPages);
  }

  /**
   * Guest {@code guest}'s path as the device's side of a guest that runs in an entity of its own
   * and keeps a {@link #replica} of its DMA API.
   */
  public DmaPath deviceSidePath(int guest) {
    return paths.get(guest).asDeviceSide();
  }

  /** Guest {@code i}'s own device ({@code i + 1}) in a domain of its own, with its own DMA API. */
  private DmaPath assignedPath(int i, DmaMapperSettings s, int txSlots, int rxSlots) {
    GuestMemory vm = vmMemory.get(i);
    int device = i + 1;
    iommu.attach(device, device);
    engine.assign(device, vm.owner());
    DmaMapper mapper = DmaMapper.create(s, vm, iommu, device);
    return new DmaPath(mapper, true, vm, iommu, engine, device, 0, txSlots, rxSlots);
  }

  /** The guest drives a device of its own: pass-through or a virtual function. */
  private static boolean assigned(IoModel m) {
    return m.virtualized() && m.directAssignment();
  }

  private static DmaMapperSettings mapperSettings(DmaSetup s) {
    int slots = s.txSlots() + s.rxSlots();
    DmaApiTuning t = s.tuning();
    return new DmaMapperSettings(
        s.strategy(),
        t.deferredBatch(),
        t.flushIntervalPs(),
        slots,
        slots,
        1,
        s.copyMilliCyclesPerByte(),
        t.optimisticLimit(),
        t.optimisticTimeoutPs(),
        t.largePages());
  }

  /**
   * The host OS's DMA API, with {@code strategy}, serving {@code queues} queue pairs: it keeps as
   * many mappings and bounce buffers.
   */
  private static DmaMapperSettings scaled(DmaMapperSettings s, int queues, DmaStrategy strategy) {
    return new DmaMapperSettings(
        strategy,
        s.deferredBatch(),
        s.deferredTimeoutPs(),
        s.poolCapacity() * queues,
        s.bounceBuffers() * queues,
        s.bounceBufferPages(),
        s.copyMilliCyclesPerByte(),
        s.optimisticLimit(),
        s.optimisticTimeoutPs(),
        s.largePages());
  }

  /** Guest {@code guest}'s DMA path: its own device's, or its queue pair on the host's NIC. */
  public DmaPath path(int guest) {
    return paths.get(guest);
  }

  /** Xen guest {@code guest}'s grants to the driver domain; null for other models. */
  public GrantTable grants(int guest) {
    return grants.get(guest);
  }

  /** VM {@code guest}'s memory; null for a guest that is the host's native OS. */
  public GuestMemory vmMemory(int guest) {
    return vmMemory.get(guest);
  }

  /**
   * The first of the hypervisor's pages that manage VM {@code guest} (its EPT root); -1 if none.
   */
  public long vmControlPage(int guest) {
    return vmControlPages.get(guest);
  }

  public HostMemory memory() {
    return memory;
  }

  public IommuModel iommu() {
    return iommu;
  }

  public DmaEngine engine() {
    return engine;
  }

  /**
   * The host's IOMMU (one for all its devices), the host kernel's or driver domain's DMA API, and
   * where checked devices' DMA landed, host-wide.
   */
  public void reportMetrics(MetricSink sink) {
    IommuCounters c = iommu.counters();
    sink.put("iommu.translations", c.translations());
    sink.put("iommu.iotlbHits", c.iotlbHits());
    sink.put("iommu.iotlbMisses", c.iotlbMisses());
    sink.put("iommu.iotlbEvictions", c.iotlbEvictions());
    sink.put("iommu.staleTranslations", c.staleTranslations());
    sink.put("iommu.faults", c.totalFaults());
    sink.put("iommu.walkPs", c.walkPs());
    sink.put("iommu.queuedInvalidations", c.queuedInvalidations());
    sink.put("iommu.largePages", c.largePagesMapped());
    if (hostMapper != null) {
      DmaPath.reportMapper("", hostMapper.counters(), sink);
    }
    if (hostChecked || paths.stream().anyMatch(p -> p.device() != HOST_DEVICE)) {
      DmaLog log = engine.log();
      DamageReport damage = log.damage();
      sink.put("dma.transfers", log.total());
      sink.put("dma.blocked", log.count(DmaOutcome.BLOCKED_BY_IOMMU));
      sink.put("dma.foreign", log.count(DmaOutcome.LANDED_IN_FOREIGN_PAGE));
      sink.put("dma.foreignPagesWritten", damage.pagesWritten().size());
      sink.put("dma.hostCompromised", damage.hostCompromised() ? 1 : 0);
    }
  }
}
