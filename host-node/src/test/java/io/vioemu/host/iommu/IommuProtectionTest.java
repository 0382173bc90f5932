package io.vioemu.host.iommu;

import static io.vioemu.host.iommu.TestHost.NIC;
import static io.vioemu.host.iommu.TestHost.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaRecord;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.MemorySnapshot;
import io.vioemu.host.memory.Owner;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the IOMMU protects against, shown on memory: pages are compared, not logs trusted. */
class IommuProtectionTest {

  private static void assertNothingOutsideChanged(TestHost host, MemorySnapshot before) {
    for (long p = 0; p < host.memory.pages(); p++) {
      if (!before.page(p).owner().equals(host.vm1.owner())) {
        assertEquals(before.page(p), host.memory.page(p), "page " + p + " outside vm1 changed");
      }
    }
  }

  // ---- pass-through without an IOMMU ----

  @Test
  void shouldLandInSomeoneElsesPageWhenPassThroughDeviceIsGivenGuestPhysicalAddresses() {
    TestHost host = new TestHost(false);
    GuestMemory vm2 = GuestMemory.allocate(host.memory, Owner.vm(2), 256);
    int vf = 4;
    host.engine.assign(vf, vm2.owner());
    DmaMapper dmaApi = DmaMapper.off(vm2);
    long guestPage = 100;

    DmaMapping m = dmaApi.map(page(guestPage), 1500, DmaDirection.FROM_DEVICE, 0);
    DmaResult r = host.engine.write(vf, m.deviceAddress(), 1500, 1_000);

    long reached = r.records().get(0).hostPage();
    assertEquals(guestPage, reached, "the bus took the guest-physical number as host-physical");
    assertNotEquals(vm2.hostPage(guestPage), reached);
    assertEquals(Owner.vm(1), host.memory.owner(reached));
    assertEquals(0, host.memory.page(vm2.hostPage(guestPage)).writes());
    DamageReport damage = host.engine.log().damage();
    assertEquals(1, damage.written().size());
    assertEquals(reached, damage.written().get(0).hostPage());
    assertEquals(Owner.vm(1), damage.written().get(0).victim());
    assertEquals(vf, damage.written().get(0).device());
    assertFalse(damage.hostCompromised());
  }

  @Test
  void shouldOverwriteHypervisorAndReportHostCompromisedWhenMaliciousGuestDmasWithoutIommu() {
    TestHost host = new TestHost(false);
    MemorySnapshot before = host.memory.snapshot();
    // vm1 programs its NIC with the host-physical address of its own EPT root
    DmaResult r = host.engine.write(NIC, page(host.eptRoot), 4096, 5_000);

    assertEquals(DmaOutcome.LANDED_IN_FOREIGN_PAGE, r.records().get(0).outcome());
    assertEquals(Owner.HYPERVISOR, r.records().get(0).victim());
    assertEquals(List.of(host.eptRoot), host.memory.changedSince(before));
    assertEquals("device 3 of vm1", host.memory.page(host.eptRoot).lastWriter());
    DamageReport damage = host.engine.log().damage();
    assertTrue(damage.hostCompromised());
    assertEquals(List.of(Owner.HYPERVISOR), List.copyOf(damage.victims()));
  }

  // ---- the same attack behind the IOMMU ----

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"STRICT", "DIRECT"})
  void shouldBlockAndLogMaliciousDmaWhenIommuIsOn(DmaStrategy strategy) {
    TestHost host = new TestHost();
    DmaMapper dmaApi = host.mapper(strategy);
    dmaApi.map(page(20), 1500, DmaDirection.FROM_DEVICE, 0); // the driver's legitimate buffer
    MemorySnapshot before = host.memory.snapshot();

    DmaResult r = host.engine.write(NIC, page(host.eptRoot), 4096, 5_000);

    assertTrue(r.blocked());
    assertEquals(FaultReason.NOT_PRESENT, r.records().get(0).fault());
    assertEquals(
        List.of(new IommuFault(5_000, NIC, page(host.eptRoot), true, FaultReason.NOT_PRESENT)),
        host.iommu.faultLog().recorded());
    assertEquals(List.of(), host.memory.changedSince(before), "no page changed at all");
    assertNothingOutsideChanged(host, before);
    assertTrue(host.engine.log().damage().clean());
    assertFalse(host.engine.log().damage().hostCompromised());
  }

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"STRICT", "DIRECT"})
  void shouldKeepEveryPageOutsideTheVmIntactWhenGuestSweepsAllHypervisorAddresses(
      DmaStrategy strategy) {
    TestHost host = new TestHost();
    DmaMapper dmaApi = host.mapper(strategy);
    dmaApi.map(page(20), 1500, DmaDirection.FROM_DEVICE, 0);
    MemorySnapshot before = host.memory.snapshot();
    List<Long> hypervisorPages =
        LongStream.range(0, host.memory.pages())
            .filter(p -> host.memory.owner(p).equals(Owner.HYPERVISOR))
            .boxed()
            .toList();

    for (long h : hypervisorPages) {
      DmaResult r = host.engine.write(NIC, page(h), 64, h);
      // an address the IOMMU maps reaches vm1's own memory; any other is refused
      assertTrue(r.blocked() || r.ok(), () -> "address " + h + ": " + r);
    }

    assertNothingOutsideChanged(host, before);
    assertTrue(host.engine.log().damage().clean());
    assertTrue(host.engine.log().count(DmaOutcome.BLOCKED_BY_IOMMU) > 0);
  }

  @Test
  void shouldConfineTheWriteToTheVmsOwnPageWhenDirectMappingCoversTheAddress() {
    TestHost host = new TestHost();
    host.mapper(DmaStrategy.DIRECT);
    MemorySnapshot before = host.memory.snapshot();

    DmaResult r = host.engine.write(NIC, page(5), 64, 0); // host page 5 is the hypervisor's

    assertTrue(r.ok(), "IOVA 5 is vm1's guest page 5, not host page 5");
    assertEquals(List.of(host.vm1.hostPage(5)), host.memory.changedSince(before));
    assertEquals(Owner.vm(1), host.memory.owner(host.vm1.hostPage(5)));
  }

  // ---- a buggy driver: DMA into a buffer it already unmapped ----

  /** Maps a receive buffer, lets the device use it (caching its translation), unmaps it. */
  private static DmaMapping useAndUnmap(TestHost host, DmaMapper dmaApi, long unmapPs) {
    DmaMapping m = dmaApi.map(page(30), 1500, DmaDirection.FROM_DEVICE, 0);
    assertTrue(host.engine.write(NIC, m.deviceAddress(), 1500, 0).ok());
    dmaApi.unmap(m, unmapPs);
    return m;
  }

  @Test
  void shouldCatchDmaIntoUnmappedBufferWhenStrict() {
    TestHost host = new TestHost();
    DmaMapping m = useAndUnmap(host, host.mapper(DmaStrategy.STRICT), 100);
    long buffer = host.vm1.hostPage(30);

    DmaResult late = host.engine.write(NIC, m.deviceAddress(), 1500, 200);

    assertTrue(late.blocked());
    assertEquals(FaultReason.NOT_PRESENT, late.records().get(0).fault());
    assertEquals(1, host.memory.page(buffer).writes(), "the freed buffer kept its contents");
  }

  @Test
  void shouldNotCatchDmaIntoUnmappedBufferWhenDirect() {
    TestHost host = new TestHost();
    DmaMapping m = useAndUnmap(host, host.mapper(DmaStrategy.DIRECT), 100);
    long buffer = host.vm1.hostPage(30);

    DmaResult late = host.engine.write(NIC, m.deviceAddress(), 1500, 200);

    assertTrue(late.ok(), "all of vm1 stays mapped");
    assertEquals(buffer, late.records().get(0).hostPage());
    assertEquals(2, host.memory.page(buffer).writes(), "the freed buffer was overwritten");
    assertEquals(0, host.iommu.counters().totalFaults());
  }

  @Test
  void shouldNotCatchDmaIntoUnmappedBufferUntilTheBatchedInvalidationWhenDeferred() {
    TestHost host = new TestHost();
    DmaMapper deferred = host.mapper(DmaStrategy.DEFERRED); // flush after 1 us
    long unmapPs = 100_000;
    DmaMapping m = useAndUnmap(host, deferred, unmapPs);
    long buffer = host.vm1.hostPage(30);

    DmaResult beforeFlush = host.engine.write(NIC, m.deviceAddress(), 1500, 200_000);
    long flushPs = deferred.nextDeadlinePs();
    long flushCycles = deferred.poll(flushPs);
    DmaResult afterFlush = host.engine.write(NIC, m.deviceAddress(), 1500, flushPs + 1);

    DmaRecord stale = beforeFlush.records().get(0);
    assertEquals(DmaOutcome.OK, stale.outcome(), "inside the stale window: not caught");
    assertTrue(stale.stale());
    assertEquals(buffer, stale.hostPage());
    assertEquals(unmapPs + 1_000_000, flushPs);
    assertEquals(TestHost.COSTS.globalInvalidationCycles(), flushCycles);
    assertTrue(afterFlush.blocked(), "after the invalidation: caught");
    assertEquals(FaultReason.NOT_PRESENT, afterFlush.records().get(0).fault());
    assertEquals(2, host.memory.page(buffer).writes());
    assertEquals(flushPs - unmapPs, deferred.counters().staleWindowMaxPs());
    assertEquals(1, host.iommu.counters().staleTranslations());
  }

  @Test
  void shouldCatchDmaIntoUnmappedBufferAtOnceWhenDeferredButNothingWasCached() {
    TestHost host = new TestHost();
    DmaMapper deferred = host.mapper(DmaStrategy.DEFERRED);
    DmaMapping m = deferred.map(page(30), 1500, DmaDirection.FROM_DEVICE, 0);
    deferred.unmap(m, 100); // the device never used it: no IOTLB entry to go stale

    assertTrue(host.engine.write(NIC, m.deviceAddress(), 1500, 200).blocked());
  }

  @Test
  void shouldSendStrayDmaIntoABounceBufferNotTheFreedBufferWhenCopy() {
    TestHost host = new TestHost();
    DmaMapping m = useAndUnmap(host, host.mapper(DmaStrategy.COPY), 100);
    long buffer = host.vm1.hostPage(30);

    DmaResult late = host.engine.write(NIC, m.deviceAddress(), 1500, 200);

    assertTrue(late.ok(), "bounce buffers stay mapped");
    assertNotEquals(buffer, late.records().get(0).hostPage());
    assertEquals(0, host.memory.page(buffer).writes(), "the device never touches it");
  }
}
