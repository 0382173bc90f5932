package io.vioemu.host.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IoPageTableTest {

  @Test
  void shouldAllocateOneTablePerLevelWhenFirstEntryIsMapped() {
    IoPageTable t = new IoPageTable();
    assertEquals(1, t.tablePages());

    t.set(7, 1234, Permission.READ);
    assertEquals(4, t.tablePages(), "root plus one table at each of the three lower levels");

    t.set(511, 99, Permission.WRITE); // same leaf table
    assertEquals(4, t.tablePages());
    t.set(512, 99, Permission.WRITE); // next leaf table, same upper tables
    assertEquals(5, t.tablePages());
    t.set(1L << 27, 1, Permission.READ_WRITE); // a new top-level slot: three new tables
    assertEquals(8, t.tablePages());
  }

  @Test
  void shouldReturnHostPageAndPermissionWhenPresentAndNothingOtherwise() {
    IoPageTable t = new IoPageTable();
    t.set(40, 1234, Permission.READ);

    long e = t.get(40);
    assertTrue(IoPageTable.isPresent(e));
    assertEquals(1234, IoPageTable.hostPage(e));
    assertEquals(Permission.READ, IoPageTable.permission(e));
    assertFalse(IoPageTable.isPresent(t.get(41)));
    assertFalse(IoPageTable.isPresent(t.get(IoPageTable.MAX_PAGES)), "beyond 48-bit IOVA");

    assertTrue(t.clear(40));
    assertFalse(t.clear(40));
    assertFalse(IoPageTable.isPresent(t.get(40)));
    assertThrows(
        IllegalArgumentException.class, () -> t.set(IoPageTable.MAX_PAGES, 1, Permission.READ));
  }
}
