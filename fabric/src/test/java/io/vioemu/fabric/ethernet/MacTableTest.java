package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MacTableTest {
  @Test
  void shouldAgreeWithAHashMapWhenManyMacsAreLearnedAndRelearned() {
    long seed = 42;
    SplittableRandom random = new SplittableRandom(seed);
    MacTable table = new MacTable();
    Map<Long, Integer> expected = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      long mac = random.nextLong(3_000); // collisions, overwrites and growth
      int port = random.nextInt(64);
      table.put(mac, port);
      expected.put(mac, port);
    }
    for (long mac = 0; mac < 3_500; mac++) {
      assertEquals(
          expected.getOrDefault(mac, -7), table.get(mac, -7), "seed " + seed + " mac " + mac);
    }
  }
}
