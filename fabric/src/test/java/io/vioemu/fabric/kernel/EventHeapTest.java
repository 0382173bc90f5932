package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventHeapTest {

  @Test
  void shouldPollInTotalOrderWhenEventsArriveShuffled() {
    long seed = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    List<TimedEvent> events = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // few distinct times and sources: many ties that only priority/src/seq can break
      events.add(new TimedEvent(r.nextInt(20), r.nextInt(3), r.nextInt(4), i, 0, 0, 0, null));
    }
    EventHeap heap = new EventHeap();
    heap.addAll(events);
    events.sort(TimedEvent.ORDER);
    for (TimedEvent expected : events) {
      assertEquals(expected, heap.poll(), "seed " + seed);
    }
    assertTrue(heap.isEmpty(), "seed " + seed);
    assertEquals(Long.MAX_VALUE, heap.minTimePs());
  }
}
