package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static int[] identity(int n) {
    return Placement.identity(n);
  }

  private static int[] reversed(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = n - 1 - i;
    }
    return order;
  }

  private static int[][] layout(Placement placement) {
    int[][] out = new int[placement.partitions()][];
    for (int p = 0; p < out.length; p++) {
      out[p] = placement.entitiesOf(p);
    }
    return out;
  }

  @Test
  void shouldCutEvenBlocksOfIdsWhenStrategyIsContiguousWithDefaultOrder() {
    Model model = PlacedModel.idle(7, identity(7), Set.of());
    Placement placement = Placement.of(model, 3, PlacementStrategy.CONTIGUOUS);
    assertArrayEquals(new int[][] {{0, 1}, {2, 3}, {4, 5, 6}}, layout(placement));
    assertArrayEquals(layout(new Placement(7, 3)), layout(placement));
  }

  @Test
  void shouldCutBlocksAlongPlacementOrderWhenModelGivesOne() {
    Model model = PlacedModel.idle(7, reversed(7), Set.of());
    Placement placement = Placement.of(model, 3, PlacementStrategy.CONTIGUOUS);
    // Order 6 5 | 4 3 | 2 1 0: a partition's list stays ascending.
    assertArrayEquals(new int[][] {{5, 6}, {3, 4}, {0, 1, 2}}, layout(placement));
  }

  @Test
  void shouldKeepVmsWithTheirHostAndWeighTheSwitchWhenContiguousCutsBlocks() {
    // hosts 0, 3, 6 with VMs (1, 2), (4, 5), (7); the switch 8 weighs three entities
    Set<Integer> vms = Set.of(1, 2, 4, 5, 7);
    Model star =
        new PlacedModel(new WalkModel(9, 0, 1_000, 0, 0, 0), identity(9), vms) {
          @Override
          public long placementWeight(int id) {
            return id == 8 ? 3 : 1;
          }

          @Override
          public boolean placementCutBefore(int id) {
            return !vms.contains(id);
          }
        };
    Placement two = Placement.of(star, 2, PlacementStrategy.CONTIGUOUS);
    // equal weight would cut after entity 4 (5 of 11); a VM may not start a block, so after 5
    assertArrayEquals(new int[][] {{0, 1, 2, 3, 4, 5}, {6, 7, 8}}, layout(two));
    // thirds of 11: up to 3, then up to 7 (entity 7 is a VM, so its host's block takes it too)
    Placement three = Placement.of(star, 3, PlacementStrategy.CONTIGUOUS);
    assertArrayEquals(new int[][] {{0, 1, 2}, {3, 4, 5, 6, 7}, {8}}, layout(three));
  }

  @Test
  void shouldDealEntitiesInTurnWhenStrategyIsRoundRobin() {
    assertArrayEquals(
        new int[][] {{0, 3, 6}, {1, 4}, {2, 5}},
        layout(
            Placement.of(
                PlacedModel.idle(7, identity(7), Set.of()), 3, PlacementStrategy.ROUND_ROBIN)));
    // Order 6 5 4 3 2 1 0 dealt to partitions 0 1 2 0 1 2 0.
    assertArrayEquals(
        new int[][] {{0, 3, 6}, {2, 5}, {1, 4}},
        layout(
            Placement.of(
                PlacedModel.idle(7, reversed(7), Set.of()), 3, PlacementStrategy.ROUND_ROBIN)));
  }

  @Test
  void shouldPutGuestsOnOtherPartitionsThanHostsWhenStrategyIsVmsApart() {
    Model model = PlacedModel.idle(8, identity(8), Set.of(1, 3, 5, 7));
    assertArrayEquals(
        new int[][] {{0, 2, 4, 6}, {1, 3, 5, 7}},
        layout(Placement.of(model, 2, PlacementStrategy.VMS_APART)));
    // Hosts 0 2 4 6 then guests 1 3 5 7, in blocks of 2, 3 and 3: the middle one straddles.
    assertArrayEquals(
        new int[][] {{0, 2}, {1, 4, 6}, {3, 5, 7}},
        layout(Placement.of(model, 3, PlacementStrategy.VMS_APART)));
  }

  @Test
  void shouldEqualContiguousWhenModelHasNoGuests() {
    Model model = PlacedModel.idle(11, reversed(11), Set.of());
    for (int partitions = 1; partitions <= 11; partitions++) {
      assertArrayEquals(
          layout(Placement.of(model, partitions, PlacementStrategy.CONTIGUOUS)),
          layout(Placement.of(model, partitions, PlacementStrategy.VMS_APART)),
          partitions + " partitions");
    }
  }

  @RepeatedTest(20)
  void shouldPlaceEveryEntityOnceConsistentlyWhenSizesAndOrdersAreRandom() {
    long seed = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    int count = 1 + r.nextInt(200);
    int partitions = 1 + r.nextInt(Math.min(count, 12));
    int[] order = identity(count);
    for (int i = count - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Set<Integer> guests = new HashSet<>();
    for (int id = 0; id < count; id++) {
      if (r.nextBoolean()) {
        guests.add(id);
      }
    }
    Model model = PlacedModel.idle(count, order, guests);
    for (PlacementStrategy s : PlacementStrategy.values()) {
      String where =
          "seed "
              + seed
              + ", "
              + s.configName()
              + ", "
              + count
              + " on "
              + partitions
              + " partitions";
      checkConsistent(Placement.of(model, partitions, s), count, where);
    }
  }

  private static void checkConsistent(Placement placement, int count, String where) {
    assertEquals(count, placement.entityCount(), where);
    boolean[] seen = new boolean[count];
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int p = 0; p < placement.partitions(); p++) {
      int[] ids = placement.entitiesOf(p);
      assertEquals(ids.length, placement.entityCountOf(p), where);
      min = Math.min(min, ids.length);
      max = Math.max(max, ids.length);
      for (int k = 0; k < ids.length; k++) {
        int id = ids[k];
        assertTrue(k == 0 || ids[k - 1] < id, where + ": partition " + p + " not ascending");
        assertTrue(!seen[id], where + ": entity " + id + " placed twice");
        seen[id] = true;
        assertEquals(p, placement.ownerOf(id), where + ": owner of " + id);
        assertEquals(k, placement.localIndex(id), where + ": local index of " + id);
      }
    }
    for (int id = 0; id < count; id++) {
      assertTrue(seen[id], where + ": entity " + id + " not placed");
    }
    assertTrue(max - min <= 1, where + ": partition sizes " + min + ".." + max);
  }

  @Test
  void shouldRefuseWhenSomePartitionWouldGetNoEntity() {
    Model model = PlacedModel.idle(2, identity(2), Set.of(1));
    for (PlacementStrategy s : PlacementStrategy.values()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Placement.of(model, 3, s));
      assertEquals(
          "cannot place 2 entities on 3 partitions (placement "
              + s.configName()
              + "): every partition needs at least one entity",
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Placement(2, 3));
    assertThrows(IllegalArgumentException.class, () -> new Placement(2, 0));
  }

  @Test
  void shouldRefuseWhenPlacementOrderIsNoPermutation() {
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Placement.of(
                    PlacedModel.idle(3, new int[] {0, 2, 2}, Set.of()),
                    2,
                    PlacementStrategy.ROUND_ROBIN));
    assertEquals("placementOrder() lists entity 2 twice (again at index 2)", twice.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Placement.of(
                PlacedModel.idle(3, new int[] {0, 1}, Set.of()), 1, PlacementStrategy.CONTIGUOUS));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Placement.of(
                PlacedModel.idle(3, new int[] {0, 1, 3}, Set.of()),
                1,
                PlacementStrategy.VMS_APART));
  }

  @Test
  void shouldRefuseUnknownIdWhenAskedForItsOwner() {
    Placement placement = new Placement(4, 2);
    assertThrows(IllegalArgumentException.class, () -> placement.ownerOf(4));
    assertThrows(IllegalArgumentException.class, () -> placement.localIndex(-1));
  }

  @Test
  void shouldFindEachStrategyByItsConfigNameWhenParsing() {
    assertEquals(
        List.of("contiguous", "round-robin", "vms-apart", "by-rack"),
        PlacementStrategy.configNames());
    for (PlacementStrategy s : PlacementStrategy.values()) {
      assertEquals(s, PlacementStrategy.fromConfigName(s.configName()));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PlacementStrategy.fromConfigName("random"));
    assertEquals(
        "unknown placement strategy 'random' (known: [contiguous, round-robin, vms-apart, by-rack])",
        e.getMessage());
  }
}
