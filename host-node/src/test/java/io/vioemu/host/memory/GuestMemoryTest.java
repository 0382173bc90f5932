package io.vioemu.host.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {

  @Test
  void shouldBackGuestPagesWithLowestFreeHostPagesInOrder() {
    HostMemory host = new HostMemory(1024, 64);
    GuestMemory vm = GuestMemory.allocate(host, Owner.vm(1), 256);

    assertEquals(64, vm.hostPage(0));
    assertEquals(64 + 255, vm.hostPage(255));
    assertEquals((70L << 12) | 0x123, vm.hostAddress((6L << 12) | 0x123));
    assertEquals(Owner.vm(1), host.owner(vm.hostPage(100)));
  }

  @Test
  void shouldSpanSeveralHostRunsWhenHostMemoryIsFragmented() {
    HostMemory host = new HostMemory(1024, 64);
    GuestMemory a = GuestMemory.allocate(host, Owner.vm(1), 10); // 64..73
    GuestMemory.allocate(host, Owner.vm(2), 10); // 74..83
    a.release(host);
    GuestMemory c = GuestMemory.allocate(host, Owner.vm(3), 15);

    assertEquals(List.of(new PageRun(64, 10), new PageRun(84, 5)), c.backing());
    assertEquals(73, c.hostPage(9));
    assertEquals(84, c.hostPage(10));
    assertEquals(88, c.hostPage(14));
  }

  @Test
  void shouldRejectGuestPagesOutsideTheGuestAndOwnersThatAreNotGuests() {
    HostMemory host = new HostMemory(64, 8);
    GuestMemory vm = GuestMemory.allocate(host, Owner.vm(1), 4);
    assertThrows(IndexOutOfBoundsException.class, () -> vm.hostPage(4));
    assertThrows(
        IllegalArgumentException.class, () -> GuestMemory.allocate(host, Owner.HYPERVISOR, 1));
  }
}
