package io.vioemu.host.netperf;

import io.vioemu.host.event.EventKind;

/** How a part of an entity schedules events to that entity. */
public interface EventScheduler {
  /**
   * An event {@code delayPs} from now. Work that costs no cycles follows at the same instant; it
   * must still order after the event being handled, so it takes the next priority.
   */
  void self(long delayPs, EventKind kind, long word, Object payload);

  long nowPs();
}
