package io.vioemu.guest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DirtyingProcessTest {

  @Test
  void shouldWriteTheSameCountWhenTimeAdvancesInAnySteps() {
    long seed = System.nanoTime();
    SplittableRandom steps = new SplittableRandom(seed);
    long writesPerSec = 1 + steps.nextLong(50_000_000);
    GuestMemory memory = new GuestMemory(1024);
    DirtyingProcess whole = new DirtyingProcess(0, 1024, writesPerSec, 0, new SplittableRandom(1));
    DirtyingProcess split = new DirtyingProcess(0, 1024, writesPerSec, 0, new SplittableRandom(1));
    long endPs = 3_000_000_000L + steps.nextLong(1_000_000_000_000L);
    long count = 0;
    for (long t = 0; t < endPs; ) {
      t = Math.min(endPs, t + 1 + steps.nextLong(50_000_000_000L));
      count += split.advanceTo(t, memory);
    }
    long expected = whole.advanceTo(endPs, memory);
    assertEquals(writesPerSec * (endPs / 1000) / 1_000_000_000L, expected, "seed=" + seed);
    assertEquals(expected, count, "seed=" + seed);
  }

  @Test
  void shouldDirtyOnlyTheWorkingSetWhenItWrites() {
    GuestMemory memory = new GuestMemory(100);
    memory.startLogging();
    memory.takeDirty();
    DirtyingProcess d = new DirtyingProcess(40, 10, 1_000_000, 0, new SplittableRandom(3));
    d.advanceTo(1_000_000_000_000L, memory);
    assertEquals(10, memory.dirtyPages(), "a million writes cover a 10-page set");
    var dirty = memory.takeDirty();
    assertEquals(40, dirty.nextSetBit(0));
    assertEquals(49, dirty.previousSetBit(99));
  }

  @Test
  void shouldWriteNothingWhilePaused() {
    GuestMemory memory = new GuestMemory(100);
    memory.startLogging();
    memory.takeDirty();
    DirtyingProcess d = new DirtyingProcess(0, 100, 1_000_000, 0, new SplittableRandom(3));
    d.pauseUntil(5_000_000_000L);
    assertEquals(0, d.advanceTo(5_000_000_000L, memory));
    assertTrue(d.advanceTo(6_000_000_000L, memory) > 0);
  }
}
