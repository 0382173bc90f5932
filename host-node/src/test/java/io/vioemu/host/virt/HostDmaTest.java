package io.vioemu.host.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.iommu.Permission;
import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import io.vioemu.host.memory.Translation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One IOMMU per host: every device's translations meet in one IOTLB, tagged by domain. */
class HostDmaTest {
  static final VirtCosts COSTS =
      new VirtCosts(
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 700, 2700, 2700, 90_000, 2, 1, 0, 0, 0, 0, 0);
  static final int TX = 64;
  static final int RX = 64;

  static HostDma host(List<IoModel> guests, DmaStrategy strategy, int iotlbEntries) {
    return new HostDma(
        guests, strategy, COSTS, 150, 256, new IommuSettings(iotlbEntries, 4, 64, 32), TX, RX, 0);
  }

  static List<IoModel> sriov(int vms) {
    return Collections.nCopies(vms, IoModel.SRIOV);
  }

  /** Each VM takes one packet in and sends one out per round, in turn, as a NIC serves its VFs. */
  private static double hitRate(int vms, DmaStrategy strategy) {
    HostDma h = host(sriov(vms), strategy, 64);
    long before = h.iommu().counters().iotlbHits() + h.iommu().counters().iotlbMisses();
    long hitsBefore = h.iommu().counters().iotlbHits();
    long t = 0;
    for (int round = 0; round < 4 * (TX + RX); round++) {
      for (int g = 0; g < vms; g++) {
        h.path(g).deviceWrite(1500, t);
        h.path(g).receive(1500, t);
        h.path(g).transmit(1500, t);
        t += 1_000_000;
      }
    }
    long lookups = h.iommu().counters().iotlbHits() + h.iommu().counters().iotlbMisses() - before;
    return (double) (h.iommu().counters().iotlbHits() - hitsBefore) / lookups;
  }

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"DIRECT", "PERSISTENT"})
  void shouldLowerTheIotlbHitRateWhenMoreVirtualFunctionsShareTheHostsIotlb(DmaStrategy s) {
    int[] vms = {1, 2, 4, 8, 16};
    double[] rate = new double[vms.length];
    for (int i = 0; i < vms.length; i++) {
      rate[i] = hitRate(vms[i], s);
    }
    System.out.printf(
        "%s, 64-entry IOTLB, VMs %s: hit rates %s%n",
        s, Arrays.toString(vms), Arrays.toString(rate));
    for (int i = 1; i < vms.length; i++) {
      assertTrue(rate[i] <= rate[i - 1], "more VMs, no more hits: " + Arrays.toString(rate));
    }
    assertTrue(rate[0] > 0.9, "a lone VF's 64 buffer pages fit the IOTLB: " + rate[0]);
    assertTrue(rate[1] < rate[0] && rate[4] < rate[1], Arrays.toString(rate));
  }

  @Test
  void shouldGiveEachVmTheMemorySizeAskedForWhenVmPagesIsSet() {
    long pages = 512L * 256; // 512 MiB of 4 KiB pages
    HostDma h =
        new HostDma(
            sriov(2),
            DmaStrategy.DIRECT,
            COSTS,
            150,
            256,
            new IommuSettings(64, 4, 64, 32),
            TX,
            RX,
            pages);
    assertEquals(pages, h.vmMemory(0).pages());
    assertEquals(pages, h.vmMemory(1).pages());
    assertTrue(host(sriov(1), DmaStrategy.DIRECT, 64).vmMemory(0).pages() < pages);
  }

  @Test
  void shouldTranslateAnIovaOnlyInItsOwnDomainWhenTwoVirtualFunctionsUseTheSameIova() {
    HostDma h = host(sriov(2), DmaStrategy.DIRECT, 64);
    int vfA = h.path(0).device();
    int vfB = h.path(1).device();
    long iova = 5L << HostMemory.PAGE_SHIFT; // guest page 5 of each VM, identity-mapped
    Translation a = h.iommu().translate(vfA, iova, true, 0);
    assertTrue(h.iommu().iotlb().contains(h.iommu().domainOf(vfA).getAsInt(), 5));

    Translation b = h.iommu().translate(vfB, iova, true, 1);

    assertEquals(h.vmMemory(0).hostPage(5), a.hostPage());
    assertEquals(h.vmMemory(1).hostPage(5), b.hostPage());
    assertNotEquals(a.hostPage(), b.hostPage(), "A's cached entry does not serve B");
    assertEquals(1, h.iommu().deviceCounters(vfB).iotlbMisses(), "B walked its own table");
  }

  @Test
  void shouldFaultWhenAVirtualFunctionUsesAnIovaOnlyAnotherVirtualFunctionHasMapped() {
    HostDma h = host(sriov(2), DmaStrategy.STRICT, 64);
    int vfA = h.path(0).device();
    int vfB = h.path(1).device();
    int domainA = h.iommu().domainOf(vfA).getAsInt();
    long iovaPage = 900;
    h.iommu().map(domainA, iovaPage, h.vmMemory(0).hostPage(3), Permission.READ_WRITE);
    assertTrue(h.iommu().translate(vfA, iovaPage << HostMemory.PAGE_SHIFT, true, 0).ok());

    Translation viaB = h.iommu().translate(vfB, iovaPage << HostMemory.PAGE_SHIFT, true, 1);

    assertEquals(FaultReason.NOT_PRESENT, viaB.fault(), "A's cached translation is not B's");
    assertEquals(1, h.iommu().deviceCounters(vfB).faults());
    assertEquals(0, h.iommu().deviceCounters(vfA).faults());
    assertEquals(vfB, h.iommu().faultLog().recorded().get(0).device());
  }

  @Test
  void shouldPutHypervisorPagesBelowAndBetweenTheVmsWhenTheHostIsLaidOut() {
    HostDma h = host(sriov(3), DmaStrategy.STRICT, 64);
    HostMemory m = h.memory();
    assertEquals(Owner.HYPERVISOR, m.owner(0));
    for (int g = 0; g < 3; g++) {
      assertEquals(Owner.vm(g + 1), h.vmMemory(g).owner());
      long control = h.vmControlPage(g);
      assertEquals(Owner.HYPERVISOR, m.owner(control));
      assertEquals(h.vmMemory(g).hostPage(h.vmMemory(g).pages() - 1) + 1, control);
    }
    assertFalse(h.iommu().domainOf(HostDma.HOST_DEVICE).isPresent(), "no host NIC queue in use");
  }

  @Test
  void shouldShareTheHostsNicAndItsDmaApiWhenGuestsUseSoftwareBackEnds() {
    HostDma h = host(List.of(IoModel.VIRTIO, IoModel.VIRTIO), DmaStrategy.STRICT, 64);
    assertEquals(HostDma.HOST_DEVICE, h.path(0).device());
    assertEquals(HostDma.HOST_DEVICE, h.path(1).device());
    h.path(0).transmit(1500, 0);
    h.path(1).transmit(1500, 0);
    assertEquals(2, h.iommu().deviceCounters(HostDma.HOST_DEVICE).translations());
    assertEquals(0, h.iommu().counters().totalFaults(), "queue pairs in one IOVA space");
  }
}
