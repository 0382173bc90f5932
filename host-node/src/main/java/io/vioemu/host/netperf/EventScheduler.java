package io.vioemu.host.netperf;

import io.vioemu.host.event.EventKind;

/** How a part of an entity schedules events to that entity. */
public interface EventScheduler {
  /**
   * An event {@code delayPs} from now. Work that costs no cycles follows at the same instant; it
   * must still order after the event being handled, so it takes the next priority.
   */
  void self(long delayPs, EventKind kind, long word, Object payload);

  /**
   * An event to another entity, {@code delayPs} from now: at least the channel's latency to it (a
   * hypervisor telling a VM apart to pause takes the VM-host latency like any of its messages).
   */
  void send(int entity, long delayPs, EventKind kind, long word, Object payload);

  long nowPs();
}
