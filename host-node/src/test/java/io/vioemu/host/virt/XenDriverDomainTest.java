package io.vioemu.host.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaRecord;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import io.vioemu.host.net.HostCosts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Xen's driver domain owns the physical NIC and pages of its own: the NIC's DMA lands there,
 * through the IOMMU in the driver domain's context, and only grant copies reach a guest's pages.
 */
class XenDriverDomainTest {
  private static final HostCosts HOST =
      new HostCosts(2_000_000_000L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private static HostDma xenHost(DmaStrategy strategy) {
    return HostDmaTest.host(List.of(IoModel.XEN), strategy, 64);
  }

  /** The host's half of a Xen guest's path: netback on a core of its own. */
  private static HostIo netback(HostDma h) {
    IoPath path =
        new IoPath(
            IoModel.XEN, HostDmaTest.COSTS, HOST, InterruptMode.EXITS, h.path(0), h.grants(0));
    return new HostIo(path, new CoreModel(2_000_000_000L), false);
  }

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"OFF", "STRICT", "DIRECT"})
  void shouldLandTheNicsDmaInDriverDomainPagesAndGrantCopyItToTheGuest(DmaStrategy strategy) {
    HostDma h = xenHost(strategy);
    HostIo io = netback(h);

    h.path(0).deviceWrite(1500, 1_000); // the NIC writes the frame, then netback takes it
    io.hostReceive(1, 1500, 1_000);
    // the guest's netfront notifies the idle back-end (its exit is the guest half's business)
    io.hostTransmit(1500, 2_000, true);

    List<DmaRecord> records = h.engine().log().records();
    assertEquals(2, records.size(), "one write (receive), one read (transmit)");
    for (DmaRecord r : records) {
      assertEquals(HostDma.HOST_DEVICE, r.device());
      assertEquals(HostDma.DRIVER_DOMAIN, r.deviceOwner());
      assertEquals(HostDma.DRIVER_DOMAIN, r.pageOwner());
      assertEquals(DmaOutcome.OK, r.outcome());
    }
    assertEquals(2, h.grants(0).copies());
    long guestRx = h.vmMemory(0).hostPage(HostMemory.pageOf((long) HostDmaTest.TX * 2048));
    assertEquals("grant copy of driver-domain0", h.memory().page(guestRx).lastWriter());
    assertTrue(h.engine().log().damage().clean());
    assertTrue(io.lastDmaLanded());
  }

  @Test
  void shouldRecordTheVictimWhenTheNicWritesAGuestPageWithoutIommu() {
    HostDma h = xenHost(DmaStrategy.OFF);
    long guestPage = h.vmMemory(0).hostPage(40);

    DmaResult r = h.engine().write(HostDma.HOST_DEVICE, guestPage << HostMemory.PAGE_SHIFT, 64, 5);

    assertEquals(DmaOutcome.LANDED_IN_FOREIGN_PAGE, r.records().get(0).outcome());
    DamageReport damage = h.engine().log().damage();
    assertEquals(List.of(Owner.vm(1)), List.copyOf(damage.victims()));
    assertFalse(damage.hostCompromised());
  }

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"STRICT", "DEFERRED", "PERSISTENT", "COPY"})
  void shouldBlockTheNicsDmaIntoAGuestPageWhenTheIommuHasNoGrantMapped(DmaStrategy strategy) {
    HostDma h = xenHost(strategy);
    long guestPage = h.vmMemory(0).hostPage(40);

    // the driver domain's device aims at a guest page by its machine address
    DmaResult r = h.engine().write(HostDma.HOST_DEVICE, guestPage << HostMemory.PAGE_SHIFT, 64, 5);

    assertTrue(r.blocked());
    assertEquals(FaultReason.NOT_PRESENT, r.records().get(0).fault());
    assertEquals(0, h.memory().page(guestPage).writes(), "the guest page is untouched");
    assertEquals(1, h.iommu().faultLog().recorded().size());
    assertTrue(h.engine().log().damage().clean());
  }

  @Test
  void shouldKeepTheNicsStrayDmaInDriverDomainPagesWhenItsMemoryIsMappedDirect() {
    HostDma h = xenHost(DmaStrategy.DIRECT);
    long guestPage = h.vmMemory(0).hostPage(40);

    // the same number is an IOVA of the driver domain's own identity map
    DmaResult r = h.engine().write(HostDma.HOST_DEVICE, guestPage << HostMemory.PAGE_SHIFT, 64, 5);

    assertEquals(HostDma.DRIVER_DOMAIN, r.records().get(0).pageOwner());
    assertEquals(0, h.memory().page(guestPage).writes(), "the guest page is untouched");
    assertTrue(h.engine().log().damage().clean());
  }

  @Test
  void shouldRefuseAGrantCopyIntoAPageTheGuestDidNotGrant() {
    HostDma h = xenHost(DmaStrategy.STRICT);
    GrantTable grants = h.grants(0);
    long source = h.path(0).nextTxHostPage();
    long ungranted = 2000;
    assertFalse(grants.isGranted(ungranted));
    long before = h.memory().page(h.vmMemory(0).hostPage(ungranted)).writes();

    assertFalse(grants.copyToGuestPage(ungranted, source, 1500, 10));

    assertEquals(1, grants.refused());
    assertEquals(before, h.memory().page(h.vmMemory(0).hostPage(ungranted)).writes());
    grants.grant(ungranted);
    assertTrue(grants.copyToGuestPage(ungranted, source, 1500, 20));
    grants.revoke(ungranted);
    assertFalse(grants.copyToGuestPage(ungranted, source, 1500, 30));
  }

  @Test
  void shouldRefuseAGrantCopyWhoseSourceIsNotTheDriverDomains() {
    HostDma h = xenHost(DmaStrategy.OFF);
    long hypervisorPage = 3;

    assertFalse(h.grants(0).copyToGuest(hypervisorPage, 64, 0));

    assertEquals(1, h.grants(0).refused());
  }
}
