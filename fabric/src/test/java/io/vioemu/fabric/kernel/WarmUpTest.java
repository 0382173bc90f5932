package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A warm-up runs a scratch copy of the partition: the run itself must not see any of it. */
class WarmUpTest {

  @Test
  void shouldGiveTheSameRunWhenEveryPartitionWarmsUpFirst() {
    long seed = System.nanoTime();
    WalkModel model = new WalkModel(48, 3, 1_000, 400, 0.4, 0);
    Placement placement = new Placement(model.entityCount(), 3);
    long endPs = 2_000_000;
    InJvmRun.Outcome cold = InJvmRun.run(model, placement, 1, seed, endPs, p -> ps -> {}, 0);
    InJvmRun.Outcome warm =
        InJvmRun.run(model, placement, 1, seed, endPs, p -> ps -> {}, 50_000_000L);
    assertNull(cold.failure(), "seed=" + seed);
    assertNull(warm.failure(), "seed=" + seed);
    assertEquals(cold.events(), warm.events(), "seed=" + seed);
    assertEquals(cold.checksum(), warm.checksum(), "seed=" + seed);
    assertEquals(cold.metrics(), warm.metrics(), "seed=" + seed);
  }
}
