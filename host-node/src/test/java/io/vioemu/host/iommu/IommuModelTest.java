package io.vioemu.host.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.Translation;
import java.util.List;
import org.junit.jupiter.api.Test;

class IommuModelTest {
  private static final IommuCosts COSTS = TestHost.COSTS;
  private static final int DEV = 5;
  private static final int DOM = 2;
  private final IommuModel iommu = new IommuModel(new IommuSettings(16, 4, 4, 3), COSTS);

  private static long addr(long page) {
    return page << 12;
  }

  @Test
  void shouldFaultWithNoContextWhenDeviceIsUnknown() {
    Translation t = iommu.translate(42, addr(1), true, 500);

    assertEquals(FaultReason.NO_CONTEXT, t.fault());
    assertEquals(
        List.of(new IommuFault(500, 42, addr(1), true, FaultReason.NO_CONTEXT)),
        iommu.faultLog().recorded());
    IommuCounters c = iommu.counters();
    assertEquals(1, c.faults(FaultReason.NO_CONTEXT));
    assertEquals(0, c.iotlbHits() + c.iotlbMisses(), "no context, no IOTLB lookup");
  }

  @Test
  void shouldFaultWithNoContextWhenDeviceWasDetached() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 1, 700, Permission.READ_WRITE);
    assertTrue(iommu.translate(DEV, addr(1), false, 0).ok());

    iommu.detach(DEV);

    assertEquals(FaultReason.NO_CONTEXT, iommu.translate(DEV, addr(1), false, 0).fault());
  }

  @Test
  void shouldFaultNotPresentAndChargeTheWalkWhenNothingIsMapped() {
    iommu.attach(DEV, DOM);

    Translation t = iommu.translate(DEV, addr(9), false, 0);

    assertEquals(FaultReason.NOT_PRESENT, t.fault());
    assertEquals(COSTS.walkPs(false), t.latencyPs());
    assertFalse(iommu.iotlb().contains(DOM, 9), "faults are not cached");
  }

  @Test
  void shouldWalkOnMissThenHitWithoutWalkWhenTranslatingTheSamePageAgain() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 3, 777, Permission.READ_WRITE);

    Translation first = iommu.translate(DEV, addr(3) + 100, true, 0);
    Translation second = iommu.translate(DEV, addr(3) + 200, false, 0);

    assertEquals(777, first.hostPage());
    assertEquals(COSTS.walkPs(false), first.latencyPs());
    assertEquals(777, second.hostPage());
    assertEquals(0, second.latencyPs());
    IommuCounters c = iommu.counters();
    assertEquals(1, c.iotlbHits());
    assertEquals(1, c.iotlbMisses());
    assertEquals(0.5, c.iotlbHitRate());
    assertEquals(COSTS.walkPs(false), c.walkPs());
  }

  @Test
  void shouldFaultWriteToReadOnlyWhetherTranslationIsWalkedOrCached() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 4, 800, Permission.READ);

    Translation walked = iommu.translate(DEV, addr(4), true, 0);
    Translation read = iommu.translate(DEV, addr(4), false, 0);
    Translation cached = iommu.translate(DEV, addr(4), true, 0);

    assertEquals(FaultReason.WRITE_TO_READ_ONLY, walked.fault());
    assertTrue(read.ok());
    assertEquals(FaultReason.WRITE_TO_READ_ONLY, cached.fault());
    assertEquals(0, cached.latencyPs(), "refused from the IOTLB, no walk");
    assertEquals(2, iommu.counters().faults(FaultReason.WRITE_TO_READ_ONLY));
  }

  @Test
  void shouldFaultReadFromWriteOnlyWhenBufferIsMappedForReceiveOnly() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 4, 800, DmaDirection.FROM_DEVICE.permission());

    assertTrue(iommu.translate(DEV, addr(4), true, 0).ok());
    assertEquals(FaultReason.READ_FROM_WRITE_ONLY, iommu.translate(DEV, addr(4), false, 0).fault());
  }

  @Test
  void shouldStillTranslateThroughStaleEntryWhenUnmappedWithoutInvalidation() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 6, 606, Permission.READ_WRITE);
    iommu.translate(DEV, addr(6), true, 0); // cached

    iommu.unmap(DOM, 6);
    Translation stale = iommu.translate(DEV, addr(6), true, 10);
    long cycles = iommu.invalidatePage(DOM, 6);
    Translation after = iommu.translate(DEV, addr(6), true, 20);

    assertTrue(iommu.mapped(DOM, 6).isEmpty(), "the page table no longer has it");
    assertTrue(stale.ok());
    assertTrue(stale.stale());
    assertEquals(606, stale.hostPage());
    assertEquals(COSTS.pageInvalidationCycles(), cycles);
    assertEquals(FaultReason.NOT_PRESENT, after.fault());
    assertEquals(1, iommu.counters().staleTranslations());
  }

  @Test
  void shouldServeOldHostPageWhenRemappedWithoutInvalidation() {
    iommu.attach(DEV, DOM);
    iommu.map(DOM, 6, 606, Permission.READ_WRITE);
    iommu.translate(DEV, addr(6), true, 0);

    iommu.unmap(DOM, 6);
    iommu.map(DOM, 6, 999, Permission.READ_WRITE);

    assertEquals(606, iommu.translate(DEV, addr(6), true, 0).hostPage());
    iommu.invalidatePage(DOM, 6);
    assertEquals(999, iommu.translate(DEV, addr(6), true, 0).hostPage());
  }

  @Test
  void shouldDropOnlyTheDomainsEntriesAndCountEachKindWhenInvalidating() {
    iommu.attach(DEV, DOM);
    iommu.attach(DEV + 1, DOM + 1);
    iommu.map(DOM, 1, 10, Permission.READ);
    iommu.map(DOM, 2, 20, Permission.READ);
    iommu.map(DOM + 1, 1, 30, Permission.READ);
    iommu.translate(DEV, addr(1), false, 0);
    iommu.translate(DEV, addr(2), false, 0);
    iommu.translate(DEV + 1, addr(1), false, 0);

    long global = iommu.invalidateDomain(DOM);
    long page = iommu.invalidatePage(DOM + 1, 1);

    assertFalse(iommu.iotlb().contains(DOM, 1));
    assertFalse(iommu.iotlb().contains(DOM, 2));
    assertFalse(iommu.iotlb().contains(DOM + 1, 1));
    IommuCounters c = iommu.counters();
    assertEquals(1, c.globalInvalidations());
    assertEquals(COSTS.globalInvalidationCycles(), global);
    assertEquals(COSTS.globalInvalidationCycles(), c.globalInvalidationCycles());
    assertEquals(1, c.pageInvalidations());
    assertEquals(COSTS.pageInvalidationCycles(), page);
    assertEquals(global + page, c.invalidationCycles());
  }

  @Test
  void shouldApplyQueuedInvalidationsOnlyWhenTheQueueDrains() {
    iommu.attach(DEV, DOM); // queue depth 3
    for (long p = 1; p <= 3; p++) {
      iommu.map(DOM, p, 100 + p, Permission.READ_WRITE);
      iommu.translate(DEV, addr(p), true, 0);
      iommu.unmap(DOM, p);
    }

    assertEquals(0, iommu.queueInvalidation(DOM, 1));
    assertEquals(0, iommu.queueInvalidation(DOM, 2));
    assertTrue(iommu.translate(DEV, addr(1), true, 0).stale(), "queued, not yet effective");
    assertEquals(2, iommu.queuedPending());

    long cycles = iommu.queueInvalidation(DOM, 3); // third descriptor: the queue drains

    assertEquals(COSTS.pageInvalidationCycles(), cycles, "one wait for the whole batch");
    assertEquals(0, iommu.queuedPending());
    for (long p = 1; p <= 3; p++) {
      assertEquals(FaultReason.NOT_PRESENT, iommu.translate(DEV, addr(p), true, 0).fault());
    }
    IommuCounters c = iommu.counters();
    assertEquals(3, c.queuedInvalidations());
    assertEquals(1, c.queueDrains());
    assertEquals(0, iommu.drainInvalidationQueue(), "nothing left to drain");
  }

  @Test
  void shouldCountButNotRecordFaultsWhenFaultLogIsFull() {
    iommu.attach(DEV, DOM); // 4 fault records
    for (int i = 0; i < 6; i++) {
      iommu.translate(DEV, addr(50 + i), true, i);
    }

    assertEquals(4, iommu.faultLog().recorded().size());
    assertEquals(2, iommu.counters().faultsNotRecorded());
    assertEquals(6, iommu.counters().totalFaults());
    assertEquals(addr(50), iommu.faultLog().drain().get(0).iova(), "the oldest are kept");

    iommu.translate(DEV, addr(99), true, 9);
    assertEquals(
        List.of(new IommuFault(9, DEV, addr(99), true, FaultReason.NOT_PRESENT)),
        iommu.faultLog().recorded(),
        "draining made room");
  }

  @Test
  void shouldRefuseToUnmapWhatIsNotMapped() {
    iommu.attach(DEV, DOM);
    assertThrows(IllegalStateException.class, () -> iommu.unmap(DOM, 1));
  }
}
