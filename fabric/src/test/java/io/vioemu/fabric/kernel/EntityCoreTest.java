package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityCoreTest {
  private static final long LOOKAHEAD_PS = 1_000;

  /** Records what it handles; optionally sends one event per handled event. */
  private static final class Recorder implements Entity {
    final List<TimedEvent> seen = new ArrayList<>();
    int sendTo = -1;
    long sendDelayPs;

    @Override
    public void onStart(EntityContext ctx) {}

    @Override
    public void onEvent(TimedEvent event, EntityContext ctx) {
      assertEquals(event.atPs(), ctx.nowPs());
      seen.add(event);
      if (sendTo >= 0) {
        ctx.send(sendTo, sendDelayPs, 0, 0, 0, null);
      }
    }
  }

  private static TimedEvent at(long atPs, int priority, int src, long seq) {
    return new TimedEvent(atPs, priority, src, seq, 0, 0, 0, null);
  }

  @Test
  void shouldOrderSimultaneousEventsByPriorityThenSourceThenSequence() {
    Recorder rec = new Recorder();
    EntityCore core = new EntityCore(0, rec, Channels.uniform(LOOKAHEAD_PS), 1);
    List<TimedEvent> in =
        List.of(at(5, 1, 1, 0), at(5, 0, 2, 0), at(5, 0, 1, 1), at(5, 0, 1, 0), at(4, 9, 9, 9));
    core.deliver(in);
    core.runUntil(100);
    assertEquals(
        List.of(at(4, 9, 9, 9), at(5, 0, 1, 0), at(5, 0, 1, 1), at(5, 0, 2, 0), at(5, 1, 1, 0)),
        rec.seen);
  }

  @Test
  void shouldStopAtWindowEndWhenLaterEventsArePending() {
    Recorder rec = new Recorder();
    EntityCore core = new EntityCore(0, rec, Channels.uniform(LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(10, 0, 1, 0), at(20, 0, 1, 1)));
    core.runUntil(20);
    assertEquals(1, rec.seen.size());
    assertEquals(20, core.nextEventPs());
  }

  @Test
  void shouldRejectEventInThePastWhenDelivered() {
    EntityCore core = new EntityCore(0, new Recorder(), Channels.uniform(LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(500, 0, 1, 0)));
    core.runUntil(1_000);
    CausalityViolation v =
        assertThrows(CausalityViolation.class, () -> core.deliver(List.of(at(499, 0, 2, 0))));
    assertTrue(v.getMessage().contains("already processed time 500ps"), v.getMessage());
  }

  @Test
  void shouldRejectSendBelowLookaheadWhenTargetIsAnotherEntity() {
    Recorder rec = new Recorder();
    rec.sendTo = 1;
    rec.sendDelayPs = LOOKAHEAD_PS - 1;
    EntityCore core = new EntityCore(0, rec, Channels.uniform(LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(10, 0, 1, 0)));
    CausalityViolation v = assertThrows(CausalityViolation.class, () -> core.runUntil(100));
    assertTrue(v.getMessage().contains("below the channel's minimum latency"), v.getMessage());
  }

  @Test
  void shouldRejectSendBelowChannelLatencyWhenChannelIsSlowerThanLookahead() {
    Recorder rec = new Recorder();
    rec.sendTo = 2;
    rec.sendDelayPs = 5 * LOOKAHEAD_PS - 1;
    EntityCore core =
        new EntityCore(0, rec, Channels.slowChannel(LOOKAHEAD_PS, 0, 2, 5 * LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(10, 0, 1, 0)));
    CausalityViolation v = assertThrows(CausalityViolation.class, () -> core.runUntil(100));
    assertTrue(v.getMessage().contains("minimum latency (lookahead) of 5000ps"), v.getMessage());
  }

  @Test
  void shouldAcceptSendAtExactlyTheLookaheadWhenSlackIsZero() {
    Recorder rec = new Recorder();
    rec.sendTo = 1;
    rec.sendDelayPs = LOOKAHEAD_PS;
    EntityCore core = new EntityCore(0, rec, Channels.uniform(LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(10, 0, 1, 0)));
    core.runUntil(100);
    List<TimedEvent> out = core.outbound();
    assertEquals(1, out.size());
    assertEquals(10 + LOOKAHEAD_PS, out.get(0).atPs());
  }

  @Test
  void shouldRejectSelfEventThatOrdersBeforeTheCurrentOne() {
    Entity sneaky =
        new Entity() {
          @Override
          public void onStart(EntityContext ctx) {}

          @Override
          public void onEvent(TimedEvent event, EntityContext ctx) {
            ctx.send(ctx.entityId(), 0, event.priority() - 1, 0, 0, null);
          }
        };
    EntityCore core = new EntityCore(3, sneaky, Channels.uniform(LOOKAHEAD_PS), 1);
    core.deliver(List.of(at(10, 5, 1, 0)));
    assertThrows(CausalityViolation.class, () -> core.runUntil(100));
  }

  @Test
  void shouldGiveDifferentHashWhenTheSameEventsAreProcessedInAnotherEntity() {
    EntityCore a = new EntityCore(0, new Recorder(), Channels.uniform(LOOKAHEAD_PS), 1);
    EntityCore b = new EntityCore(1, new Recorder(), Channels.uniform(LOOKAHEAD_PS), 1);
    a.deliver(List.of(at(10, 0, 5, 0)));
    b.deliver(List.of(at(10, 0, 5, 0)));
    a.runUntil(100);
    b.runUntil(100);
    assertNotEquals(a.hash(), b.hash());
    assertEquals(1, a.processed());
  }
}
