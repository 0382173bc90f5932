package io.vioemu.host.iommu;

import static io.vioemu.host.iommu.TestHost.NIC;
import static io.vioemu.host.iommu.TestHost.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaLog;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import io.vioemu.host.virt.VirtCosts;
import org.junit.jupiter.api.Test;

/**
 * The IOMMU's timing, computed by hand: page walks in reads, 2 MiB reach, queued invalidation, the
 * deferred flush's timer and batch limit, optimistic teardown's bounds.
 */
class IommuTimingTest {
  /** 90 ns per read, 2 reads per 4 KiB walk; queued invalidation as {@code qi} says. */
  private static IommuCosts costs(boolean qi) {
    return IommuCosts.from(
        new VirtCosts(
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1_000,
            700,
            2_700,
            2_700,
            90_000,
            2,
            qi ? 1 : 0,
            0,
            0,
            0,
            0,
            0));
  }

  private final TestHost host = new TestHost();

  @Test
  void shouldDelayTheDmaByExactlyTheWalkReadsWhenTheIotlbMisses() {
    IommuModel iommu = new IommuModel(new IommuSettings(16, 4, 4, 3), costs(true));
    iommu.attach(NIC, 1);
    iommu.map(1, 5, 500, Permission.READ_WRITE);

    long miss = iommu.translate(NIC, page(5), true, 0).latencyPs();
    long hit = iommu.translate(NIC, page(5) + 64, true, 0).latencyPs();

    assertEquals(2 * 90_000, miss, "two reads one after the other");
    assertEquals(0, hit);
    assertEquals(180_000, iommu.counters().walkPs());
  }

  @Test
  void shouldWalkOneReadFewerAndCoverAll512PagesWithOneEntryWhenTheLeafIs2MiB() {
    IommuModel iommu = new IommuModel(new IommuSettings(16, 4, 4, 3), costs(true));
    iommu.attach(NIC, 1);
    iommu.mapLarge(1, 512, 2048, Permission.READ_WRITE);

    var first = iommu.translate(NIC, page(512 + 7) + 5, true, 0);
    var other = iommu.translate(NIC, page(512 + 511), false, 0);

    assertEquals(2048 + 7, first.hostPage());
    assertEquals(90_000, first.latencyPs(), "the walk stops at the 2 MiB leaf: one read");
    assertEquals(2048 + 511, other.hostPage());
    assertEquals(0, other.latencyPs(), "the same IOTLB entry serves the whole 2 MiB");
    assertEquals(1, iommu.counters().iotlbMisses());
    assertEquals(1, iommu.counters().iotlbHits());
  }

  /**
   * A device cycling over 64 pages of its VM (256 KiB) behind a 16-entry IOTLB: with 4 KiB mappings
   * every access misses (64 pages over 4 sets of 4 ways, LRU); with 2 MiB mappings the first one
   * does and every other hits.
   */
  @Test
  void shouldMissOnceInsteadOfEveryTimeWhenDirectMapsWith2MiBPages() {
    assertEquals(10 * 64, missesCyclingOver64Pages(false));
    assertEquals(1, missesCyclingOver64Pages(true));
  }

  private static long missesCyclingOver64Pages(boolean largePages) {
    HostMemory memory = new HostMemory(4096, 512); // the VM starts 2 MiB aligned, at host page 512
    GuestMemory vm = GuestMemory.allocate(memory, Owner.vm(1), 1024);
    IommuModel iommu = new IommuModel(new IommuSettings(16, 4, 4, 3), costs(true));
    iommu.attach(NIC, 1);
    DmaEngine engine = new DmaEngine(memory, iommu, new DmaLog(16));
    engine.assign(NIC, vm.owner());
    DmaMapper direct =
        DmaMapper.create(
            new DmaMapperSettings(DmaStrategy.DIRECT, 1, 1, 1, 1, 1, 0, 1, 1, largePages),
            vm,
            iommu,
            1);
    for (int round = 0; round < 10; round++) {
      for (long p = 0; p < 64; p++) {
        DmaMapping m = direct.map(page(p), 1500, DmaDirection.FROM_DEVICE, 0);
        DmaResult r = engine.write(NIC, m.deviceAddress(), 1500, 0);
        assertTrue(r.ok());
        direct.unmap(m, 0);
      }
    }
    assertEquals(largePages ? 2 : 0, iommu.counters().largePagesMapped(), "1024 pages: 2 leaves");
    long walks = iommu.counters().walkPs();
    long misses = iommu.counters().iotlbMisses();
    assertEquals(misses * (largePages ? 90_000 : 180_000), walks);
    return misses;
  }

  @Test
  void shouldSubmitADescriptorAndWaitForItWhenTheIommuHasQueuedInvalidation() {
    for (boolean qi : new boolean[] {true, false}) {
      IommuModel iommu = new IommuModel(new IommuSettings(16, 4, 4, 3), costs(qi));
      iommu.attach(NIC, 1);
      iommu.map(1, 5, 500, Permission.READ_WRITE);
      iommu.unmap(1, 5);

      assertEquals(2_700, iommu.invalidatePage(1, 5));
      assertEquals(2_700, iommu.invalidateDomain(1));

      IommuCounters c = iommu.counters();
      assertEquals(qi ? 2 : 0, c.queuedInvalidations(), "one descriptor per invalidation");
      assertEquals(qi ? 2 : 0, c.queueDrains(), "and one wait for each");
      assertEquals(1, c.pageInvalidations());
      assertEquals(1, c.globalInvalidations());
      assertEquals(5_400, c.invalidationCycles(), "waited for once each, not twice");
    }
  }

  private DmaMapper deferred(int batch, long intervalPs) {
    return DmaMapper.create(
        new DmaMapperSettings(DmaStrategy.DEFERRED, batch, intervalPs, 2, 2, 1, 250),
        host.vm1,
        host.iommu,
        TestHost.DOMAIN);
  }

  @Test
  void shouldDueTheFlushOneIntervalAfterTheFirstUnmapWithNoFurtherMapOrUnmap() {
    DmaMapper d = deferred(250, 10_000_000_000L);
    DmaMapping a = d.map(page(10), 1500, DmaDirection.FROM_DEVICE, 0);
    d.unmap(a, 3_000_000); // arms the timer
    DmaMapping b = d.map(page(11), 1500, DmaDirection.FROM_DEVICE, 4_000_000);
    d.unmap(b, 5_000_000); // joins the batch; the timer stays

    assertEquals(10_003_000_000L, d.nextDeadlinePs());
    assertEquals(0, d.poll(10_002_999_999L), "not due yet");
    assertEquals(3_000, d.poll(10_003_000_000L), "one domain-wide invalidation (TestHost's)");

    DmaCounters c = d.counters();
    assertEquals(1, c.globalInvalidations());
    assertEquals(2, c.staleUnmaps());
    assertEquals(10_000_000_000L, c.staleWindowMaxPs(), "the first unmap waited the interval");
    assertEquals(Long.MAX_VALUE, d.nextDeadlinePs(), "nothing left: the timer is off");
  }

  @Test
  void shouldFlushAtTheHighWaterMarkWithoutWaitingForTheTimer() {
    DmaMapper d = deferred(DmaMapperSettings.LINUX_HIGH_WATER_MARK, 10_000_000_000L);
    long cycles = 0;
    for (int i = 0; i < 250; i++) {
      DmaMapping m = d.map(page(10 + i % 100), 100, DmaDirection.FROM_DEVICE, i);
      cycles = d.unmap(m, i);
    }

    assertEquals(150 + 3_000, cycles, "the 250th unmap pays its unmap and the flush");
    assertEquals(1, d.counters().globalInvalidations());
    assertEquals(250, d.counters().staleUnmaps());
    assertEquals(249, d.counters().staleWindowMaxPs(), "the first waited until the 250th");
    assertEquals(Long.MAX_VALUE, d.nextDeadlinePs());
  }

  private DmaMapper optimistic(int limit, long timeoutPs) {
    return DmaMapper.create(
        new DmaMapperSettings(DmaStrategy.OPTIMISTIC, 1, 1, 1, 1, 1, 0, limit, timeoutPs, false),
        host.vm1,
        host.iommu,
        TestHost.DOMAIN);
  }

  @Test
  void shouldReuseAKeptMappingForFreeAndTearItDownAfterItsTimeout() {
    DmaMapper o = optimistic(8, 1_000_000);
    DmaMapping first = o.map(page(30), 1500, DmaDirection.FROM_DEVICE, 0);
    assertEquals(200, first.cycles(), "a fresh mapping costs a map");
    assertEquals(0, o.unmap(first, 100), "kept: no unmap, no invalidation");

    DmaMapping again = o.map(page(30), 1500, DmaDirection.FROM_DEVICE, 500);
    assertEquals(0, again.cycles(), "reused");
    assertEquals(first.deviceAddress(), again.deviceAddress());
    o.unmap(again, 600);

    assertEquals(1_000_600, o.nextDeadlinePs());
    assertEquals(0, o.poll(1_000_599));
    assertEquals(150 + 2_000, o.poll(1_000_600), "unmap and page invalidation, as strict");
    DmaCounters c = o.counters();
    assertEquals(1, c.poolReuses());
    assertEquals(1, c.poolEvictions());
    assertEquals(1, c.pageInvalidations());
    assertEquals(1_000_000, c.staleWindowMaxPs(), "reachable while kept");
    assertTrue(host.iommu.mapped(TestHost.DOMAIN, first.deviceAddress() >> 12).isEmpty());
  }

  @Test
  void shouldTearDownTheOldestKeptMappingWhenOneMoreThanTheLimitIsKept() {
    DmaMapper o = optimistic(2, 1_000_000_000);
    DmaMapping a = o.map(page(40), 100, DmaDirection.TO_DEVICE, 0);
    DmaMapping b = o.map(page(41), 100, DmaDirection.TO_DEVICE, 0);
    DmaMapping c = o.map(page(42), 100, DmaDirection.TO_DEVICE, 0);
    assertEquals(0, o.unmap(a, 10));
    assertEquals(0, o.unmap(b, 20));

    assertEquals(150 + 2_000, o.unmap(c, 30), "a, the oldest, goes");
    assertTrue(host.iommu.mapped(TestHost.DOMAIN, a.deviceAddress() >> 12).isEmpty());
    assertTrue(host.iommu.mapped(TestHost.DOMAIN, b.deviceAddress() >> 12).isPresent());
    assertEquals(0, o.map(page(41), 100, DmaDirection.TO_DEVICE, 40).cycles(), "b is reused");
    assertEquals(200, o.map(page(40), 100, DmaDirection.TO_DEVICE, 40).cycles(), "a is not");
  }
}
