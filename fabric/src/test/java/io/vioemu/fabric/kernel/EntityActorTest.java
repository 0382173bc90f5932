package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntityActorTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "entity-test",
            com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Forwards every event to entity 1 exactly one lookahead later. */
  private static final class Forwarder implements Entity {
    @Override
    public void onStart(EntityContext ctx) {
      ctx.schedule(400, 0, 0);
    }

    @Override
    public void onEvent(TimedEvent event, EntityContext ctx) {
      ctx.send(1, 1_000, 0, 0, event.word() + 1, null);
    }
  }

  @Test
  void shouldAnswerWithOutboundAndNextTimeWhenWindowEnds() {
    TestProbe<PartitionActor.Command> partition = kit.createTestProbe();
    ActorRef<EntityActor.Command> entity =
        kit.spawn(
            EntityActor.create(
                0,
                new EntityCore(0, new Forwarder(), Channels.uniform(1_000), 9),
                partition.getRef()));

    entity.tell(new EntityActor.StartEntity());
    PartitionActor.WindowDone started =
        partition.expectMessageClass(PartitionActor.WindowDone.class);
    assertEquals(400, started.nextEventPs());
    assertEquals(List.of(), started.outbound());

    entity.tell(
        new EntityActor.RunWindow(1_400, List.of(new TimedEvent(900, 0, 1, 0, 0, 0, 41, null))));
    PartitionActor.WindowDone done = partition.expectMessageClass(PartitionActor.WindowDone.class);
    assertNull(done.failure());
    assertEquals(2, done.processed());
    assertEquals(List.of(1_400L, 1_900L), done.outbound().stream().map(TimedEvent::atPs).toList());
    assertEquals(42, done.outbound().get(1).word());
    assertEquals(Long.MAX_VALUE, done.nextEventPs());
  }
}
