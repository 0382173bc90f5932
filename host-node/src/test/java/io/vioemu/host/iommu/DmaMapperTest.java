package io.vioemu.host.iommu;

import static io.vioemu.host.iommu.TestHost.COSTS;
import static io.vioemu.host.iommu.TestHost.NIC;
import static io.vioemu.host.iommu.TestHost.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.HostMemory;
import org.junit.jupiter.api.Test;

/** What each DMA API strategy costs the CPU, and what the IOTLB makes of its pattern. */
class DmaMapperTest {
  private final TestHost host = new TestHost();

  /** One receive DMA into guest page {@code guestPage}: map, device write, unmap. */
  private long receive(DmaMapper mapper, long guestPage, long nowPs) {
    DmaMapping m = mapper.map(page(guestPage), 1500, DmaDirection.FROM_DEVICE, nowPs);
    DmaResult r = host.engine.write(NIC, m.deviceAddress(), 1500, nowPs);
    assertTrue(r.ok(), () -> "DMA failed: " + r);
    return m.cycles() + mapper.unmap(m, nowPs);
  }

  @Test
  void shouldChargeMapUnmapAndInvalidationOnEveryDmaWhenStrict() {
    DmaMapper strict = host.mapper(DmaStrategy.STRICT);
    long perDma = COSTS.mapCycles() + COSTS.unmapCycles() + COSTS.pageInvalidationCycles();

    for (int i = 0; i < 10; i++) {
      assertEquals(perDma, receive(strict, 20 + i % 3, i * 1_000L));
    }

    DmaCounters c = strict.counters();
    assertEquals(10, c.maps());
    assertEquals(10, c.unmaps());
    assertEquals(10, c.pageInvalidations());
    assertEquals(10 * COSTS.mapCycles(), c.mapCycles());
    assertEquals(10 * COSTS.unmapCycles(), c.unmapCycles());
    assertEquals(10 * COSTS.pageInvalidationCycles(), c.invalidationCycles());
    assertEquals(perDma, c.cyclesPerDma());
    assertEquals(0, c.setupCycles());
  }

  @Test
  void shouldChargeNothingPerDmaWhenDirectAfterMappingAllMemoryAtSetup() {
    DmaMapper direct = host.mapper(DmaStrategy.DIRECT);

    for (int i = 0; i < 10; i++) {
      assertEquals(0, receive(direct, 20 + i % 3, i * 1_000L));
    }

    DmaCounters c = direct.counters();
    assertEquals(0, c.totalCycles());
    assertEquals(10, c.maps());
    assertEquals(host.vm1.pages() * COSTS.mapCycles(), c.setupCycles());
    assertEquals(host.vm1.pages(), host.iommu.counters().pagesMapped());
  }

  @Test
  void shouldGiveTheDeviceGuestPhysicalAddressesWhenOff() {
    DmaMapper off = host.mapper(DmaStrategy.OFF);
    DmaMapping m = off.map(page(20) + 64, 100, DmaDirection.TO_DEVICE, 0);

    assertEquals(page(20) + 64, m.deviceAddress());
    assertEquals(0, m.cycles() + off.unmap(m, 0));
    assertEquals(0, host.iommu.counters().pagesMapped(), "no IOMMU involved");
  }

  @Test
  void shouldHitIotlbAlmostAlwaysWhenStreamingOverFewerBuffersThanItHolds() {
    DmaMapper direct = host.mapper(DmaStrategy.DIRECT);
    int buffers = 8; // well under 64 entries, at most one per set
    int rounds = 100;

    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < buffers; b++) {
        receive(direct, b, r);
      }
    }

    IommuCounters c = host.iommu.counters();
    assertEquals(buffers, c.iotlbMisses(), "only the first touch of each buffer misses");
    assertEquals((long) buffers * (rounds - 1), c.iotlbHits());
    assertEquals(1 - 1.0 / rounds, c.iotlbHitRate(), 1e-9);
  }

  @Test
  void shouldMissEveryTimeWhenCyclingOverMoreBuffersThanTheIotlbHolds() {
    DmaMapper direct = host.mapper(DmaStrategy.DIRECT);
    // 128 buffers on 16 sets of 4 ways: 8 pages cycle through each set; LRU keeps the wrong 4
    int buffers = 128;

    for (int r = 0; r < 10; r++) {
      for (int b = 0; b < buffers; b++) {
        receive(direct, b, r);
      }
    }

    IommuCounters c = host.iommu.counters();
    assertEquals(0, c.iotlbHits());
    assertEquals(10L * buffers, c.iotlbMisses());
    assertEquals(10L * buffers * COSTS.walkPs(false), c.walkPs());
  }

  @Test
  void shouldNeverHitIotlbAcrossDmasWhenStrictInvalidatesEachMapping() {
    DmaMapper strict = host.mapper(DmaStrategy.STRICT);
    for (int i = 0; i < 20; i++) {
      receive(strict, 30, i);
    }

    assertEquals(0, host.iommu.counters().iotlbHits());
    assertEquals(20, host.iommu.counters().iotlbMisses());
  }

  @Test
  void shouldPayMapOncePerBufferAndEvictLeastRecentlyUsedWhenPersistent() {
    DmaMapper persistent = host.mapper(DmaStrategy.PERSISTENT); // pool of 2

    long first = receive(persistent, 10, 0);
    receive(persistent, 11, 1);
    long reuse = receive(persistent, 10, 2);
    long evicting = receive(persistent, 12, 3); // pool full: 11 is least recently used

    assertEquals(COSTS.mapCycles(), first);
    assertEquals(0, reuse);
    assertEquals(
        COSTS.unmapCycles() + COSTS.pageInvalidationCycles() + COSTS.mapCycles(), evicting);
    DmaCounters c = persistent.counters();
    assertEquals(1, c.poolReuses());
    assertEquals(1, c.poolEvictions());
    assertEquals(3 * COSTS.mapCycles(), c.mapCycles());
    assertEquals(2, ((PersistentMapper) persistent).pooled());
    assertEquals(0, receive(persistent, 10, 4), "10 survived the eviction");
  }

  @Test
  void shouldChargeCopyPerByteAndNoMappingWorkWhenCopy() {
    DmaMapper copy = host.mapper(DmaStrategy.COPY); // 2 one-page bounce buffers, 250 mc/B

    DmaMapping tx = copy.map(page(5), 1500, DmaDirection.TO_DEVICE, 0);
    long txUnmap = copy.unmap(tx, 0);
    DmaMapping rx = copy.map(page(6), 1000, DmaDirection.FROM_DEVICE, 0);
    long rxUnmap = copy.unmap(rx, 0);
    DmaMapping both = copy.map(page(7), 1, DmaDirection.BIDIRECTIONAL, 0);
    long bothUnmap = copy.unmap(both, 0);

    assertEquals(1500 * 250 / 1000, tx.cycles(), "copied in before the device reads");
    assertEquals(0, txUnmap);
    assertEquals(0, rx.cycles());
    assertEquals(1000 * 250 / 1000, rxUnmap, "copied out after the device wrote");
    assertEquals(1, both.cycles(), "a quarter cycle rounds up");
    assertEquals(1, bothUnmap);
    DmaCounters c = copy.counters();
    assertEquals(2502, c.copiedBytes());
    assertEquals(0, c.mapCycles() + c.unmapCycles() + c.invalidationCycles());
    assertEquals(2 * COSTS.mapCycles(), c.setupCycles());
  }

  @Test
  void shouldFailTheMapWhenEveryBounceBufferIsInUse() {
    DmaMapper copy = host.mapper(DmaStrategy.COPY);
    DmaMapping a = copy.map(page(5), 100, DmaDirection.FROM_DEVICE, 0);
    DmaMapping b = copy.map(page(6), 100, DmaDirection.FROM_DEVICE, 0);
    DmaMapping c = copy.map(page(7), 100, DmaDirection.FROM_DEVICE, 0);

    assertTrue(a.mapped());
    assertTrue(b.mapped());
    assertFalse(c.mapped());
    assertEquals(1, copy.counters().mapFailures());
    copy.unmap(a, 0);
    assertEquals(
        a.deviceAddress(), copy.map(page(7), 100, DmaDirection.FROM_DEVICE, 0).deviceAddress());
  }

  @Test
  void shouldFlushEveryBatchOfUnmapsAndMeasureEachStaleWindowWhenDeferred() {
    DmaMapper deferred = host.mapper(DmaStrategy.DEFERRED); // batch 4, timeout 1 us
    DmaMapping[] m = new DmaMapping[4];
    for (int i = 0; i < 4; i++) {
      m[i] = deferred.map(page(40 + i), 1500, DmaDirection.FROM_DEVICE, 0);
    }

    long[] unmapCycles = new long[4];
    for (int i = 0; i < 4; i++) {
      unmapCycles[i] = deferred.unmap(m[i], 10_000L * (i + 1)); // at 10, 20, 30, 40 ns
    }

    assertEquals(COSTS.unmapCycles(), unmapCycles[0]);
    assertEquals(COSTS.unmapCycles() + COSTS.globalInvalidationCycles(), unmapCycles[3]);
    DmaCounters c = deferred.counters();
    assertEquals(1, c.globalInvalidations());
    assertEquals(0, c.pageInvalidations());
    assertEquals(4, c.staleUnmaps());
    assertEquals(30_000 + 20_000 + 10_000, c.staleWindowTotalPs());
    assertEquals(30_000, c.staleWindowMaxPs());
    assertEquals(Long.MAX_VALUE, deferred.nextDeadlinePs());
  }

  @Test
  void shouldFlushAtTheTimeoutWhenPolledAndNotBefore() {
    DmaMapper deferred = host.mapper(DmaStrategy.DEFERRED);
    DmaMapping m = deferred.map(page(40), 100, DmaDirection.FROM_DEVICE, 0);
    deferred.unmap(m, 500_000);

    assertEquals(1_500_000, deferred.nextDeadlinePs());
    assertEquals(0, deferred.poll(1_499_999));
    assertEquals(COSTS.globalInvalidationCycles(), deferred.poll(1_500_000));
    assertEquals(1_000_000, deferred.counters().staleWindowMaxPs());
    assertEquals(0, ((DeferredMapper) deferred).pendingUnmaps());
  }

  @Test
  void shouldNotReuseAnIovaBeforeItsInvalidationWhenDeferred() {
    DmaMapper deferred = host.mapper(DmaStrategy.DEFERRED);
    DmaMapping a = deferred.map(page(40), 100, DmaDirection.FROM_DEVICE, 0);
    deferred.unmap(a, 0);
    DmaMapping b = deferred.map(page(41), 100, DmaDirection.FROM_DEVICE, 0);
    deferred.poll(2_000_000);
    deferred.unmap(b, 2_000_000);
    deferred.poll(4_000_000);
    DmaMapping c = deferred.map(page(42), 100, DmaDirection.FROM_DEVICE, 4_000_000);

    long iovaA = HostMemory.pageOf(a.deviceAddress());
    assertTrue(HostMemory.pageOf(b.deviceAddress()) != iovaA, "a's IOVA was still pending");
    assertEquals(iovaA, HostMemory.pageOf(c.deviceAddress()), "reused after its flush");
  }

  @Test
  void shouldRejectDoubleUnmapAndBuffersOutsideTheGuest() {
    DmaMapper strict = host.mapper(DmaStrategy.STRICT);
    DmaMapping m = strict.map(page(1), 10, DmaDirection.TO_DEVICE, 0);
    strict.unmap(m, 0);

    assertThrows(IllegalStateException.class, () -> strict.unmap(m, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> strict.map(page(host.vm1.pages()), 10, DmaDirection.TO_DEVICE, 0));
  }

  @Test
  void shouldNameEveryStrategyAsExperimentFilesDo() {
    for (DmaStrategy s : DmaStrategy.values()) {
      assertEquals(s, DmaStrategy.fromConfigName(s.configName()));
      assertEquals(s, new TestHost().mapper(s).strategy());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DmaStrategy.fromConfigName("lazy"));
    assertTrue(
        e.getMessage().contains("off, direct, strict, deferred, persistent, copy, optimistic"));
  }
}
