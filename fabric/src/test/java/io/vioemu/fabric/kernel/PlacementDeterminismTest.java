package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Placement changes which events cross partitions, never what any entity computes: the same model
 * gives the same entity hashes and metrics under every strategy and partition count.
 */
class PlacementDeterminismTest {
  private static final int ENTITIES = 18;
  private static final long SEED = 29;
  private static final long END_PS = 150_000;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "placement-test", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /**
   * Six "hosts" (ids 0, 3, 6, ...) each followed in placement order by their two "VMs", and a
   * random walk with some slack so that windows hold events at many times.
   */
  private static Model hostsWithVms() {
    int[] order = new int[ENTITIES];
    Set<Integer> guests = new HashSet<>();
    int next = 0;
    for (int host = 0; host < ENTITIES; host += 3) {
      order[next++] = host;
      order[next++] = ENTITIES - 1 - host;
      order[next++] = ENTITIES - 2 - host;
    }
    for (int id = 0; id < ENTITIES; id++) {
      if (id % 3 != 0) {
        guests.add(id);
      }
    }
    return new PlacedModel(new WalkModel(ENTITIES, 3, 1_000, 400, 0.4, 0), order, guests);
  }

  @Test
  void shouldGiveIdenticalHashesAndMetricsWhenPlacementStrategyOrPartitionsChange() {
    Model model = hostsWithVms();
    InJvmRun.Outcome reference = InJvmRun.run(kit, model, 1, SEED, END_PS);
    assertNull(reference.failure(), reference.failure());
    assertTrue(reference.events() > ENTITIES * 3 * 50, "events: " + reference.events());
    assertEquals(ENTITIES, reference.metrics().size());
    assertTrue(reference.metrics().get(ENTITIES - 1).get("sentAway") > 0, "some events travel");
    for (int partitions : new int[] {2, 3}) {
      for (PlacementStrategy s : PlacementStrategy.values()) {
        InJvmRun.Outcome placed = InJvmRun.run(kit, model, partitions, s, SEED, END_PS);
        assertEquals(reference, placed, s.configName() + " on " + partitions + " partitions");
      }
    }
  }

  @Test
  void shouldSpreadEntitiesDifferentlyAndKeepHostsWithVmsWhenStrategiesDiffer() {
    // Guards the test above: identical results must come from genuinely different placements,
    // and contiguous must follow the model's order (a host beside its VMs), not the ids.
    Model model = hostsWithVms();
    for (int partitions : new int[] {2, 3}) {
      Set<String> layouts = new HashSet<>();
      for (PlacementStrategy s : PlacementStrategy.values()) {
        Placement placement = Placement.of(model, partitions, s);
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < partitions; p++) {
          b.append(Arrays.toString(placement.entitiesOf(p)));
        }
        layouts.add(b.toString());
      }
      assertEquals(3, layouts.size(), partitions + " partitions: " + layouts);
      Placement contiguous = Placement.of(model, partitions, PlacementStrategy.CONTIGUOUS);
      for (int host = 0; host < ENTITIES; host += 3) {
        int owner = contiguous.ownerOf(host);
        assertEquals(owner, contiguous.ownerOf(ENTITIES - 1 - host), "host " + host + "'s VM");
        assertEquals(owner, contiguous.ownerOf(ENTITIES - 2 - host), "host " + host + "'s VM");
      }
    }
  }
}
