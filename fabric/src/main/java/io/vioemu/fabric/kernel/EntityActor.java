package io.vioemu.fabric.kernel;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One simulated entity as a Pekko typed actor. It runs only when its partition grants it a window,
 * processes its events up to the window's end in total order, and answers with what it sent
 * elsewhere and when its next event is due.
 */
public final class EntityActor extends AbstractBehavior<EntityActor.Command> {

  /** The entity's protocol; only its partition talks to it. */
  public sealed interface Command {}

  /** Run the entity's start hook (time 0). */
  public record StartEntity() implements Command {}

  /** Accept {@code inbound}, then process every event earlier than {@code endPs}. */
  public record RunWindow(long endPs, List<TimedEvent> inbound) implements Command {}

  /** The run is over: report the entity's metrics. */
  public record ReportMetrics() implements Command {}

  private final int localIndex;
  private final EntityCore core;
  private final ActorRef<PartitionActor.Command> partition;

  private EntityActor(
      ActorContext<Command> ctx,
      int localIndex,
      EntityCore core,
      ActorRef<PartitionActor.Command> partition) {
    super(ctx);
    this.localIndex = localIndex;
    this.core = core;
    this.partition = partition;
  }

  public static Behavior<Command> create(
      int localIndex, EntityCore core, ActorRef<PartitionActor.Command> partition) {
    return Behaviors.setup(ctx -> new EntityActor(ctx, localIndex, core, partition));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartEntity.class, this::onStartEntity)
        .onMessage(RunWindow.class, this::onRunWindow)
        .onMessage(ReportMetrics.class, this::onReportMetrics)
        .build();
  }

  private Behavior<Command> onStartEntity(StartEntity msg) {
    try {
      core.start();
      reply(null);
    } catch (RuntimeException e) {
      reply(describe(e));
    }
    return this;
  }

  private Behavior<Command> onRunWindow(RunWindow msg) {
    try {
      core.deliver(msg.inbound());
      core.runUntil(msg.endPs());
      reply(null);
    } catch (RuntimeException e) {
      reply(describe(e));
    }
    return this;
  }

  private Behavior<Command> onReportMetrics(ReportMetrics msg) {
    try {
      partition.tell(new PartitionActor.EntityMetrics(localIndex, core.metrics(), null));
    } catch (RuntimeException e) {
      partition.tell(new PartitionActor.EntityMetrics(localIndex, null, describe(e)));
    }
    return this;
  }

  private void reply(String failure) {
    partition.tell(
        new PartitionActor.WindowDone(
            localIndex,
            core.drainOutbound(),
            core.nextEventPs(),
            core.hash(),
            core.processed(),
            failure));
  }

  private String describe(RuntimeException e) {
    return describe(core, e);
  }

  /** How a failed entity is reported, whether its actor or its partition ran it. */
  static String describe(EntityCore core, RuntimeException e) {
    String kind = e instanceof CausalityViolation ? "causality violation" : "model error";
    return kind + " in entity " + core.entityId() + " at " + core.nowPs() + "ps: " + e.getMessage();
  }
}
