package io.vioemu.host.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IotlbTest {
  // 8 entries, 2 ways: 4 sets; pages 0, 4, 8, 12 share set 0
  private final Iotlb tlb = new Iotlb(8, 2);

  @Test
  void shouldEvictLeastRecentlyUsedWayWhenSetIsFull() {
    tlb.fill(1, 0, 100, Permission.READ_WRITE);
    tlb.fill(1, 4, 104, Permission.READ_WRITE);
    assertTrue(tlb.lookup(1, 0).isPresent()); // 0 is now the most recently used

    tlb.fill(1, 8, 108, Permission.READ_WRITE);

    assertTrue(tlb.contains(1, 0));
    assertFalse(tlb.contains(1, 4), "4 was the least recently used of set 0");
    assertTrue(tlb.contains(1, 8));
    assertEquals(1, tlb.evictions());
  }

  @Test
  void shouldLeaveOtherSetsAloneWhenOneSetThrashes() {
    tlb.fill(1, 1, 201, Permission.READ); // set 1
    for (long p = 0; p < 40; p += 4) {
      tlb.fill(1, p, 300 + p, Permission.READ); // all set 0
    }

    assertTrue(tlb.contains(1, 1));
    assertEquals(3, tlb.occupancy(), "set 0 holds its 2 ways, set 1 its one entry");
    assertEquals(0, tlb.setOf(36));
    assertEquals(1, tlb.setOf(1));
  }

  @Test
  void shouldKeepDomainsApartWhenTheyUseTheSameIova() {
    tlb.fill(1, 5, 500, Permission.READ);
    tlb.fill(2, 5, 900, Permission.WRITE);

    assertEquals(500, tlb.lookup(1, 5).orElseThrow().hostPage());
    assertEquals(900, tlb.lookup(2, 5).orElseThrow().hostPage());
    assertEquals(1, tlb.invalidateDomain(2));
    assertEquals(0, tlb.invalidateDomain(3));
    assertTrue(tlb.contains(1, 5));
    assertFalse(tlb.contains(2, 5));
  }

  @Test
  void shouldCountHitsAndMissesWhenLookingUpButNotWhenPeeking() {
    tlb.fill(1, 3, 33, Permission.READ);
    tlb.lookup(1, 3);
    tlb.lookup(1, 3);
    tlb.lookup(1, 7);
    tlb.peek(1, 3);
    tlb.contains(1, 9);

    assertEquals(2, tlb.hits());
    assertEquals(1, tlb.misses());
  }

  @Test
  void shouldNotRefreshRecencyWhenPeeking() {
    tlb.fill(1, 0, 100, Permission.READ);
    tlb.fill(1, 4, 104, Permission.READ);
    tlb.peek(1, 0); // must not save page 0
    tlb.fill(1, 8, 108, Permission.READ);

    assertFalse(tlb.contains(1, 0));
    assertTrue(tlb.contains(1, 4));
  }

  @Test
  void shouldRejectGeometryWhenEntriesAreNotAMultipleOfWays() {
    assertThrows(IllegalArgumentException.class, () -> new Iotlb(10, 4));
    assertThrows(IllegalArgumentException.class, () -> new Iotlb(0, 1));
    assertEquals(1, new Iotlb(16, 16).sets(), "fully associative");
  }
}
