package io.vioemu.host.iommu;

import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaLog;
import io.vioemu.host.memory.DmaTranslator;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import io.vioemu.host.virt.VirtCosts;

/**
 * A small host for the tests: 1024 pages, the hypervisor's 64 at the bottom, vm1's 256 pages above
 * (host 64..319), then 4 hypervisor pages holding vm1's EPT (host 320..323), allocated after the VM
 * as a hypervisor does. vm1 owns device {@value #NIC}, attached to IOMMU domain {@value #DOMAIN}.
 */
final class TestHost {
  static final int NIC = 3;
  static final int DOMAIN = 1;
  static final VirtCosts VIRT_COSTS =
      new VirtCosts(
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 150, 2_000, 3_000, 150_000, 2, 0, 0, 0, 0, 0, 0);
  static final IommuCosts COSTS = IommuCosts.from(VIRT_COSTS);

  final HostMemory memory = new HostMemory(1024, 64);
  final GuestMemory vm1 = GuestMemory.allocate(memory, Owner.vm(1), 256);
  final long eptRoot = memory.allocate(Owner.HYPERVISOR, 4).get(0).first();
  final IommuModel iommu;
  final DmaEngine engine;

  /** With an IOMMU (64-entry, 4-way IOTLB). */
  TestHost() {
    this(true);
  }

  TestHost(boolean withIommu) {
    iommu = new IommuModel(new IommuSettings(64, 4, 16, 8), COSTS);
    iommu.attach(NIC, DOMAIN);
    engine = new DmaEngine(memory, withIommu ? iommu : DmaTranslator.NONE, new DmaLog(1_000));
    engine.assign(NIC, vm1.owner());
  }

  DmaMapper mapper(DmaStrategy strategy) {
    return DmaMapper.create(
        new DmaMapperSettings(strategy, 4, 1_000_000, 2, 2, 1, 250), vm1, iommu, DOMAIN);
  }

  static long page(long guestPage) {
    return guestPage << HostMemory.PAGE_SHIFT;
  }
}
