package io.vioemu.fabric.kernel;

import java.util.Arrays;
import java.util.Collection;

/**
 * A binary min-heap of events in the kernel's total order.
 *
 * <p>Hand-written rather than {@link java.util.PriorityQueue} because the kernel's inner loop is
 * poll/add: the comparison is inlined here and there is no comparator indirection.
 */
final class EventHeap {
  private TimedEvent[] items = new TimedEvent[16];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  TimedEvent peek() {
    return size == 0 ? null : items[0];
  }

  /** Earliest time in the heap, {@link Long#MAX_VALUE} when empty. */
  long minTimePs() {
    return size == 0 ? Long.MAX_VALUE : items[0].atPs();
  }

  void add(TimedEvent event) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimedEvent p = items[parent];
      if (TimedEvent.compareKeys(event, p) >= 0) {
        break;
      }
      items[i] = p;
      i = parent;
    }
    items[i] = event;
  }

  void addAll(Collection<TimedEvent> events) {
    for (TimedEvent e : events) {
      add(e);
    }
  }

  TimedEvent poll() {
    if (size == 0) {
      return null;
    }
    TimedEvent top = items[0];
    TimedEvent last = items[--size];
    items[size] = null;
    if (size > 0) {
      siftDown(last);
    }
    return top;
  }

  private void siftDown(TimedEvent event) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimedEvent c = items[child];
      int right = child + 1;
      if (right < size && TimedEvent.compareKeys(items[right], c) < 0) {
        child = right;
        c = items[child];
      }
      if (TimedEvent.compareKeys(event, c) <= 0) {
        break;
      }
      items[i] = c;
      i = child;
    }
    items[i] = event;
  }
}
