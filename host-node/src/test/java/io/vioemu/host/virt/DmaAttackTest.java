package io.vioemu.host.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.iommu.DmaMapperSettings;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.FaultReason;
import io.vioemu.host.memory.Owner;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A guest's device turned against the host, on one host's memory and IOMMU. */
class DmaAttackTest {
  private static HostDma host(DmaStrategy strategy) {
    return HostDmaTest.host(HostDmaTest.sriov(2), strategy, 64);
  }

  @Test
  void shouldOverwriteTheHypervisorPageWhenThereIsNoIommu() {
    HostDma h = host(DmaStrategy.OFF);
    DmaAttack attack = new DmaAttack(DmaAttack.Kind.OVERWRITE_HYPERVISOR);

    attack.launch(h.path(0), h.vmControlPage(0), 100);

    assertEquals(1, attack.reachedTarget());
    assertEquals(0, attack.faults());
    assertTrue(h.engine().log().damage().hostCompromised());
    assertEquals("device 1 of vm1", h.memory().page(h.vmControlPage(0)).lastWriter());
  }

  @ParameterizedTest
  @EnumSource(
      value = DmaStrategy.class,
      names = {"STRICT", "DEFERRED", "DIRECT", "PERSISTENT", "COPY"})
  void shouldFaultAndLeaveTheHypervisorPageAloneWhenTheIommuIsOn(DmaStrategy strategy) {
    HostDma h = host(strategy);
    DmaAttack attack = new DmaAttack(DmaAttack.Kind.OVERWRITE_HYPERVISOR);

    attack.launch(h.path(0), h.vmControlPage(0), 100);

    assertEquals(1, attack.faults());
    assertEquals(0, attack.reachedTarget());
    assertEquals(0, h.memory().page(h.vmControlPage(0)).writes());
    assertEquals(FaultReason.NOT_PRESENT, h.iommu().faultLog().recorded().get(0).reason());
    assertFalse(h.engine().log().damage().hostCompromised());
  }

  /** The guest receives once, arms its buggy device, and receives again: the device strikes. */
  private static DmaAttack staleBufferAttack(HostDma h) {
    h.path(0).deviceWrite(1500, 0);
    h.path(0).receive(1500, 0);
    DmaAttack attack = new DmaAttack(DmaAttack.Kind.STALE_BUFFER);
    attack.launch(h.path(0), h.vmControlPage(0), 1_000);
    assertEquals(0, attack.dmas(), "nothing until the driver unmaps");
    h.path(0).deviceWrite(1500, 2_000);
    h.path(0).receive(1500, 2_000);
    assertEquals(1, attack.dmas());
    return attack;
  }

  @Test
  void shouldCatchTheStaleBufferWriteAtOnceWhenStrict() {
    HostDma h = host(DmaStrategy.STRICT);
    DmaAttack attack = staleBufferAttack(h);

    assertEquals(1, attack.faults());
    assertEquals(0, attack.reachedTarget());
    // the buffer's page holds the two receive buffers the two packets landed in
    assertEquals(2, h.memory().page(attack.targetHostPage()).writes(), "the packets' writes only");
  }

  @Test
  void shouldNotCatchTheStaleBufferWriteWhenDirect() {
    HostDma h = host(DmaStrategy.DIRECT);
    DmaAttack attack = staleBufferAttack(h);

    assertEquals(0, attack.faults());
    assertEquals(1, attack.reachedTarget());
    assertEquals(
        3, h.memory().page(attack.targetHostPage()).writes(), "two packets and the attack");
    assertEquals(Owner.vm(1), h.memory().owner(attack.targetHostPage()));
  }

  @Test
  void shouldCatchTheStaleBufferWriteOnlyAfterTheFlushWindowWhenDeferred() {
    HostDma h = host(DmaStrategy.DEFERRED);
    DmaAttack attack = staleBufferAttack(h);
    assertEquals(1, attack.reachedTarget(), "inside the window the stale IOTLB entry serves it");
    assertEquals(0, attack.faults());

    // the oldest waiting unmap (the first packet's, at 0) sets when the flush is due
    long flushPs = DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS;
    assertEquals(0, h.path(0).pollDmaApi(flushPs - 1), "no flush before the timeout");
    DmaResult early = h.path(0).programmedWrite(attack.deviceAddress(), 64, flushPs - 1);
    assertTrue(h.path(0).pollDmaApi(flushPs) > 0, "the batched invalidation");
    DmaResult late = h.path(0).programmedWrite(attack.deviceAddress(), 64, flushPs + 1);

    assertTrue(early.ok() && early.records().get(0).stale(), "still inside the window");
    assertTrue(late.blocked(), "after the flush: caught");
    assertEquals(FaultReason.NOT_PRESENT, late.records().get(0).fault());
  }

  @Test
  void shouldRefuseToAttackThroughAHostKernelsDevice() {
    HostDma h = HostDmaTest.host(List.of(IoModel.VIRTIO), DmaStrategy.STRICT, 64);
    DmaAttack attack = new DmaAttack(DmaAttack.Kind.OVERWRITE_HYPERVISOR);

    assertThrows(IllegalStateException.class, () -> attack.launch(h.path(0), 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new DmaAttack(DmaAttack.Kind.NONE));
  }
}
