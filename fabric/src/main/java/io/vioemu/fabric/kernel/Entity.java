package io.vioemu.fabric.kernel;

/**
 * A simulated entity's behaviour: a host, NIC, switch, VM or a benchmark LP.
 *
 * <p>Implementations are plain Java state machines. They learn the time only from {@link
 * EntityContext#nowPs()}, draw randomness only from {@link EntityContext#random()}, and act only
 * through the context: that is what makes a run reproducible on any placement.
 */
public interface Entity {

  /** Called once at time 0, before any event; schedules the entity's first events. */
  void onStart(EntityContext ctx);

  /** Handles one event; {@code ctx.nowPs()} equals {@code event.atPs()}. */
  void onEvent(TimedEvent event, EntityContext ctx);

  /** Called once when the run has ended: report what this entity counted. */
  default void reportMetrics(MetricSink sink) {}
}
