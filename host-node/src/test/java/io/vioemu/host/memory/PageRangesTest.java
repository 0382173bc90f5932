package io.vioemu.host.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRangesTest {

  @Test
  void shouldTakeLowestPagesAcrossRunsWhenFreeSpaceIsFragmented() {
    PageRanges r = new PageRanges();
    r.add(100, 10);
    r.add(10, 3);
    r.add(50, 5);

    assertEquals(
        List.of(new PageRun(10, 3), new PageRun(50, 5), new PageRun(100, 2)), r.takeLowest(10));
    assertEquals(8, r.size());
    assertEquals(List.of(new PageRun(102, 8)), r.runs());
  }

  @Test
  void shouldCoalesceNeighboursWhenPagesAreReturned() {
    PageRanges r = new PageRanges();
    r.add(0, 4);
    r.add(8, 4);
    r.add(4, 4); // fills the hole: one run remains

    assertEquals(List.of(new PageRun(0, 12)), r.runs());
    assertTrue(r.contains(11));
    assertFalse(r.contains(12));
  }

  @Test
  void shouldRejectPagesAlreadyInTheSetWhenAdding() {
    PageRanges r = new PageRanges();
    r.add(10, 10);
    assertThrows(IllegalArgumentException.class, () -> r.add(19, 2));
    assertThrows(IllegalArgumentException.class, () -> r.add(5, 6));
    assertEquals(10, r.size());
  }

  @Test
  void shouldTakeFirstLongEnoughRunWhenContiguousPagesAreRequested() {
    PageRanges r = new PageRanges();
    r.add(1, 2);
    r.add(10, 8);

    assertEquals(10, r.takeContiguous(3)); // [1, 3) is too short
    assertEquals(1, r.takeContiguous(2));
    assertEquals(-1, r.takeContiguous(6)); // only [13, 18) is left
    assertEquals(List.of(new PageRun(13, 5)), r.runs());
  }
}
