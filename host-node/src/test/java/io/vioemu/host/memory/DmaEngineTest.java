package io.vioemu.host.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The DMA path without an IOMMU: addresses are host-physical, whatever the driver meant. */
class DmaEngineTest {
  private final HostMemory host = new HostMemory(1024, 64);
  private final GuestMemory vm1 = GuestMemory.allocate(host, Owner.vm(1), 256);
  private final GuestMemory vm2 = GuestMemory.allocate(host, Owner.vm(2), 256);
  private final DmaEngine engine = new DmaEngine(host, DmaTranslator.NONE, new DmaLog(100));

  @Test
  void shouldLandInAnotherVmsPageWhenGuestProgramsGuestPhysicalAddressWithoutIommu() {
    engine.assign(7, Owner.vm(2));
    long guestPage = 100; // vm2's receive buffer, in vm2's guest-physical terms
    long intended = vm2.hostPage(guestPage);
    long victimPage = guestPage; // what the bus reaches: host page with the guest page's number
    Owner victim = host.owner(victimPage);

    DmaResult r = engine.write(7, guestPage << HostMemory.PAGE_SHIFT, 1500, 1_000);

    assertEquals(vm1.owner(), victim, "layout: host page 100 backs vm1's guest page 36");
    DmaRecord rec = r.records().get(0);
    assertEquals(DmaOutcome.LANDED_IN_FOREIGN_PAGE, rec.outcome());
    assertEquals(victimPage, rec.hostPage());
    assertEquals(victim, rec.victim());
    assertEquals(0, host.page(intended).writes(), "vm2's own buffer never got the data");
    assertEquals(1, host.page(victimPage).writes());
    assertEquals("device 7 of vm2", host.page(victimPage).lastWriter());

    DamageReport damage = engine.log().damage();
    assertEquals(1, damage.written().size());
    Damage d = damage.written().get(0);
    assertEquals(victimPage, d.hostPage());
    assertEquals(victim, d.victim());
    assertEquals(7, d.device());
    assertEquals(Owner.vm(2), d.deviceOwner());
    assertFalse(damage.hostCompromised(), "only another VM was hit");
  }

  @Test
  void shouldSplitDmaIntoPagePiecesWhenBufferCrossesPageBoundary() {
    engine.assign(1, Owner.vm(1));
    long address = (vm1.hostPage(3) << HostMemory.PAGE_SHIFT) + 4000;

    DmaResult r = engine.write(1, address, 200, 0);

    assertEquals(2, r.records().size());
    assertEquals(96, r.records().get(0).bytes());
    assertEquals(104, r.records().get(1).bytes());
    assertEquals(vm1.hostPage(4), r.records().get(1).hostPage());
    assertTrue(r.ok());
    assertTrue(engine.log().damage().clean());
  }

  @Test
  void shouldRecordForeignReadAsLeakNotCorruptionWhenDeviceReadsAnotherOwnersPage() {
    engine.assign(2, Owner.vm(1));
    long hypervisorPage = 5;
    MemorySnapshot before = host.snapshot();

    DmaResult r = engine.read(2, hypervisorPage << HostMemory.PAGE_SHIFT, 64, 0);

    assertTrue(r.landedInForeignPage());
    DamageReport damage = engine.log().damage();
    assertEquals(1, damage.read().size());
    assertEquals(Owner.HYPERVISOR, damage.read().get(0).victim());
    assertTrue(damage.written().isEmpty());
    assertFalse(damage.hostCompromised(), "a leak, not an overwrite");
    assertEquals(List.of(), host.changedSince(before));
  }

  @Test
  void shouldTouchNothingWhenAddressLiesBeyondInstalledMemory() {
    engine.assign(2, Owner.vm(1));
    MemorySnapshot before = host.snapshot();

    DmaResult r = engine.write(2, host.pages() << HostMemory.PAGE_SHIFT, 64, 0);

    assertEquals(DmaOutcome.UNBACKED, r.records().get(0).outcome());
    assertNull(r.records().get(0).pageOwner());
    assertEquals(List.of(), host.changedSince(before));
  }

  @Test
  void shouldKeepCountingAndKeepDamageWhenLogRetentionIsFull() {
    DmaLog log = new DmaLog(2);
    DmaEngine e = new DmaEngine(host, DmaTranslator.NONE, log);
    e.assign(1, Owner.vm(1));
    e.write(1, 0, 8, 1); // hypervisor page 0: foreign
    for (int i = 0; i < 5; i++) {
      e.write(1, vm1.hostPage(i) << HostMemory.PAGE_SHIFT, 8, 10 + i);
    }

    assertEquals(6, log.total());
    assertEquals(2, log.records().size());
    assertEquals(14, log.records().get(1).atPs());
    assertEquals(5, log.count(DmaOutcome.OK));
    assertTrue(log.damage().hostCompromised(), "old damage does not scroll away");
  }
}
