package io.vioemu.host.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMemoryTest {

  @Test
  void shouldGiveHypervisorTheBottomBlockAndAllocateLowestFreePagesFirst() {
    HostMemory m = new HostMemory(1024, 64);

    assertEquals(Owner.HYPERVISOR, m.owner(0));
    assertEquals(Owner.HYPERVISOR, m.owner(63));
    assertEquals(Owner.FREE, m.owner(64));
    assertEquals(List.of(new PageRun(64, 100)), m.allocate(Owner.vm(1), 100));
    assertEquals(List.of(new PageRun(164, 10)), m.allocate(Owner.vm(2), 10));
    assertEquals(Owner.vm(1), m.owner(163));
    assertEquals(Owner.vm(2), m.owner(164));
    assertEquals(1024 - 64 - 110, m.freePages());
  }

  @Test
  void shouldReuseFreedPagesLowestFirstWhenAllocatingAgain() {
    HostMemory m = new HostMemory(256, 16);
    m.allocate(Owner.vm(1), 8); // 16..23
    m.allocate(Owner.vm(2), 8); // 24..31
    m.free(new PageRun(18, 2));

    assertEquals(
        List.of(new PageRun(18, 2), new PageRun(32, 3)), m.allocate(Owner.driverDomain(1), 5));
    assertEquals(Owner.driverDomain(1), m.owner(19));
    assertEquals(List.of(new PageRun(16, 2), new PageRun(20, 4)), m.runsOf(Owner.vm(1)));
    assertThrows(IllegalArgumentException.class, () -> m.free(new PageRun(100, 1)));
  }

  @Test
  void shouldCountWritesAndNameTheLastWriterWhenPageIsWritten() {
    HostMemory m = new HostMemory(128, 8);
    m.allocate(Owner.vm(1), 4);

    m.write(9, "cpu of vm1", 1_000);
    m.write(9, "device 3 of vm1", 5_000);

    assertEquals(new PageState(9, Owner.vm(1), 2, "device 3 of vm1", 5_000), m.page(9));
    assertEquals(new PageState(10, Owner.vm(1), 0, "", 0), m.page(10));
  }

  @Test
  void shouldListExactlyThePagesWhoseOwnerOrContentsChangedSinceSnapshot() {
    HostMemory m = new HostMemory(128, 8);
    m.allocate(Owner.vm(1), 4); // 8..11
    MemorySnapshot before = m.snapshot();

    m.write(3, "device 1 of vm1", 10);
    m.allocate(Owner.vm(2), 2); // 12..13

    assertEquals(List.of(3L, 12L, 13L), m.changedSince(before));
    assertEquals(before.page(3).writes() + 1, m.page(3).writes());
  }

  @Test
  void shouldTreatSameOwnershipAsEqualWhenItWasAllocatedInDifferentSteps() {
    HostMemory a = new HostMemory(64, 4);
    HostMemory b = new HostMemory(64, 4);
    a.allocate(Owner.vm(1), 6);
    b.allocate(Owner.vm(1), 2);
    b.allocate(Owner.vm(1), 4);

    assertEquals(a.snapshot(), b.snapshot());
  }

  @Test
  void shouldKeepWriteHistoryWhenPageIsFreed() {
    HostMemory m = new HostMemory(64, 4);
    m.allocate(Owner.vm(1), 2);
    m.write(4, "device 1 of vm1", 7);
    m.free(new PageRun(4, 2));

    assertEquals(new PageState(4, Owner.FREE, 1, "device 1 of vm1", 7), m.page(4));
  }

  @Test
  void shouldRefuseWhenMemoryRunsOutOrPageDoesNotExist() {
    HostMemory m = new HostMemory(16, 8);
    assertThrows(IllegalStateException.class, () -> m.allocate(Owner.vm(1), 9));
    assertThrows(IndexOutOfBoundsException.class, () -> m.owner(16));
    assertThrows(IllegalArgumentException.class, () -> m.allocate(Owner.FREE, 1));
  }
}
