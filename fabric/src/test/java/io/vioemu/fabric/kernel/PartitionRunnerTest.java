package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PartitionRunnerTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "kernel-test", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void shouldGiveSameChecksumOnAnyPartitionCountWhenSlackIsZero() {
    Model model = new WalkModel(24, 3, 1_000, 0, 0.5, 0);
    InJvmRun.Outcome one = InJvmRun.run(kit, model, 1, 7, 200_000);
    assertNull(one.failure(), one.failure());
    assertTrue(one.events() > 24 * 3 * 100, "events: " + one.events());
    for (int partitions : new int[] {2, 3, 5, 24}) {
      InJvmRun.Outcome many = InJvmRun.run(kit, model, partitions, 7, 200_000);
      assertNull(many.failure(), many.failure());
      assertEquals(one, many, partitions + " partitions");
    }
  }

  @RepeatedTest(4)
  void shouldGiveSameChecksumOnAnyPartitionCountWhenParametersAreRandom() {
    long seed = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    int entities = 2 + r.nextInt(60);
    Model model =
        new WalkModel(
            entities,
            1 + r.nextInt(8),
            1 + r.nextInt(5_000),
            r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(20_000),
            r.nextDouble(),
            0);
    long endPs = 50_000 + r.nextInt(500_000);
    String where = "seed " + seed + ", " + entities + " entities, end " + endPs + "ps";
    InJvmRun.Outcome one = InJvmRun.run(kit, model, 1, seed, endPs);
    assertNull(one.failure(), where + ": " + one.failure());
    int partitions = 2 + r.nextInt(Math.min(entities, 6) - 1);
    InJvmRun.Outcome many = InJvmRun.run(kit, model, partitions, seed, endPs);
    assertEquals(one, many, where + ", " + partitions + " partitions");
  }

  @RepeatedTest(3)
  void shouldGiveSameResultsWhenEntitiesRunLoadAdaptivelyOnSeveralWorkers() {
    long seed = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    int entities = 2 + r.nextInt(40);
    Model model = new WalkModel(entities, 1 + r.nextInt(6), 1 + r.nextInt(3_000), 500, 0.4, 0);
    long endPs = 50_000 + r.nextInt(300_000);
    InJvmRun.Outcome one = InJvmRun.run(kit, model, 1, seed, endPs);
    assertNull(one.failure(), "seed " + seed + ": " + one.failure());
    int partitions = 1 + r.nextInt(Math.min(entities, 3));
    int workers = 2 + r.nextInt(3);
    Placement placement =
        Placement.of(
            model,
            partitions,
            r.nextBoolean() ? PlacementStrategy.CONTIGUOUS : PlacementStrategy.ROUND_ROBIN);
    InJvmRun.Outcome pooled = InJvmRun.run(model, placement, workers, seed, endPs, p -> ps -> {});
    assertEquals(
        one,
        pooled,
        "seed " + seed + ", " + partitions + " partitions of " + workers + " workers each");
  }

  @Test
  void shouldFailNamingTheEntitiesWhenAModelClaimsAWindowLongerThanAChannelThatCrosses() {
    Model walk = new WalkModel(8, 2, 1_000, 0, 1.0, 0);
    Model boastful =
        new Model() {
          @Override
          public int entityCount() {
            return walk.entityCount();
          }

          @Override
          public long lookaheadPs() {
            return walk.lookaheadPs();
          }

          @Override
          public long windowPs(Placement placement) {
            return 5 * walk.lookaheadPs(); // but every channel crosses at 1,000 ps
          }

          @Override
          public Entity createEntity(int id) {
            return walk.createEntity(id);
          }
        };
    InJvmRun.Outcome outcome =
        InJvmRun.run(boastful, new Placement(8, 2), 1, 3, 100_000, p -> ps -> {});
    assertNotNull(outcome.failure());
    assertTrue(
        outcome
            .failure()
            .matches(
                "causality violation: partition \\d sent event\\(.*src=\\d+#\\d+, dst=\\d+\\).*"),
        outcome.failure());
  }

  @Test
  void shouldReportModelErrorWhenAnEntityFailsOnAWorkerThread() {
    Model liar = new WalkModel(8, 2, 1_000, 0, 1.0, 1);
    InJvmRun.Outcome outcome =
        InJvmRun.run(liar, new Placement(8, 1), 3, 3, 100_000, p -> ps -> {});
    assertNotNull(outcome.failure());
    assertTrue(outcome.failure().startsWith("causality violation in entity"), outcome.failure());
  }

  @Test
  void shouldWaitForItsOwnStartWhenAPeerBatchArrivesBeforeItStarts() throws Exception {
    Model model = new WalkModel(6, 2, 1_000, 300, 0.5, 0);
    InJvmRun.Outcome reference = InJvmRun.run(kit, model, 1, 11, 50_000);
    Placement placement = new Placement(6, 2);
    LocalPeers peers = new LocalPeers(2, new int[] {0, 1});
    QueuedOutcomes outcome = new QueuedOutcomes();
    var done = outcome.reports;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      threads.add(
          new Thread(
              new PartitionRunner(
                  p,
                  placement,
                  model,
                  11,
                  50_000,
                  model.lookaheadPs(),
                  peers.linkFor(p, PeerLink.NONE),
                  1,
                  YieldingIdleStrategy::new,
                  ps -> {},
                  outcome)));
    }
    // Partition 1 starts and sends its start-phase batch long before partition 0 runs.
    threads.get(1).start();
    assertNull(done.poll(200, TimeUnit.MILLISECONDS));
    threads.get(0).start();
    long events = 0;
    for (int i = 0; i < 2; i++) {
      Object report = done.poll(20, TimeUnit.SECONDS);
      assertTrue(report instanceof PartitionRunner.Finished, String.valueOf(report));
      events += ((PartitionRunner.Finished) report).events();
    }
    assertEquals(reference.events(), events);
  }

  @Test
  void shouldPublishNonDecreasingSafeTimeEndingAtEndWithoutChangingTheRunWhenListened() {
    Model model = new WalkModel(12, 2, 1_000, 300, 0.5, 0);
    long endPs = 80_000;
    InJvmRun.Outcome unheard = InJvmRun.run(kit, model, 3, 5, endPs);
    List<List<Long>> seen = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      seen.add(Collections.synchronizedList(new ArrayList<>()));
    }
    InJvmRun.Outcome heard = InJvmRun.run(kit, model, 3, 5, endPs, p -> seen.get(p)::add);
    assertEquals(unheard, heard, "listening must not change the run");
    for (List<Long> times : seen) {
      assertTrue(times.size() > 10, "one value per window: " + times.size());
      for (int i = 1; i < times.size(); i++) {
        assertTrue(times.get(i - 1) <= times.get(i), "decreased at " + i + ": " + times);
      }
      assertTrue(times.get(0) >= 0 && times.get(0) < endPs, "first: " + times.get(0));
      assertEquals(endPs, times.get(times.size() - 1));
    }
    assertEquals(seen.get(0), seen.get(2), "every partition sees the same global safe time");
  }

  @Test
  void shouldChangeChecksumWhenSeedChanges() {
    Model model = new WalkModel(16, 2, 1_000, 500, 0.3, 0);
    assertNotEquals(
        InJvmRun.run(kit, model, 2, 1, 100_000).checksum(),
        InJvmRun.run(kit, model, 2, 2, 100_000).checksum());
  }

  @Test
  void shouldFailWithCausalityViolationWhenModelUndercutsItsLookahead() {
    Model liar = new WalkModel(8, 2, 1_000, 0, 1.0, 1);
    InJvmRun.Outcome outcome = InJvmRun.run(kit, liar, 2, 3, 100_000);
    assertNotNull(outcome.failure());
    assertTrue(outcome.failure().startsWith("causality violation in entity"), outcome.failure());
  }

  @Test
  void shouldReportModelErrorWithEntityAndTimeWhenHandlerThrows() {
    Model broken =
        new Model() {
          @Override
          public int entityCount() {
            return 4;
          }

          @Override
          public long lookaheadPs() {
            return 100;
          }

          @Override
          public Entity createEntity(int id) {
            return new Entity() {
              @Override
              public void onStart(EntityContext ctx) {
                ctx.schedule(250, 0, 0);
              }

              @Override
              public void onEvent(TimedEvent event, EntityContext ctx) {
                if (ctx.entityId() == 2) {
                  throw new IllegalStateException("queue underflow");
                }
              }
            };
          }
        };
    InJvmRun.Outcome outcome = InJvmRun.run(kit, broken, 1, 1, 10_000);
    assertEquals("model error in entity 2 at 250ps: queue underflow", outcome.failure());
  }
}
