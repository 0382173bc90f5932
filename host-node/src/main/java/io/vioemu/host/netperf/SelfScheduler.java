package io.vioemu.host.netperf;

import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.host.event.EventKind;

/** Sends an entity's events to itself, ordering zero-delay work after the event being handled. */
public final class SelfScheduler implements EventScheduler {
  private EntityContext ctx;
  private int handlingPriority;

  /** The entity starts (no event is being handled). */
  public void bind(EntityContext ctx) {
    this.ctx = ctx;
  }

  /** The entity handles {@code event}. */
  public void handling(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    this.handlingPriority = event.priority();
  }

  public EntityContext ctx() {
    return ctx;
  }

  @Override
  public void self(long delayPs, EventKind kind, long word, Object payload) {
    int priority = delayPs == 0 ? handlingPriority + 1 : 0;
    ctx.send(ctx.entityId(), delayPs, priority, kind.id(), word, payload);
  }

  @Override
  public void send(int entity, long delayPs, EventKind kind, long word, Object payload) {
    ctx.send(entity, delayPs, 0, kind.id(), word, payload);
  }

  @Override
  public long nowPs() {
    return ctx.nowPs();
  }
}
