package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * How a run spreads its entities over partitions (JVMs). Whatever the strategy, a run's results are
 * identical (the kernel's total event order does not depend on placement); only its speed changes,
 * with the share of events that cross JVMs. Each strategy orders the entities from the model alone,
 * so every JVM computes the same assignment.
 */
public enum PlacementStrategy {
  /**
   * Contiguous blocks over {@link Model#placementOrder()}, of about equal {@link
   * Model#placementWeight}: a model keeps entities that talk most (a host and its VMs) next to each
   * other in that order, and says which entities cost more than others (a switch).
   */
  CONTIGUOUS("contiguous") {
    @Override
    int[] owners(Model model, int partitions) {
      int[] order = checkedOrder(model);
      long[] weights = new long[order.length];
      boolean[] cutBefore = new boolean[order.length];
      for (int i = 0; i < order.length; i++) {
        cutBefore[i] = model.placementCutBefore(order[i]);
        weights[i] = model.placementWeight(order[i]);
        if (weights[i] < 1) {
          throw new IllegalArgumentException(
              "placementWeight(" + order[i] + ") = " + weights[i] + " is below 1");
        }
      }
      int[] owner = weightedBlocks(order, weights, cutBefore, partitions);
      return owner != null ? owner : weightedBlocks(order, weights, null, partitions);
    }
  },

  /** The i-th entity of {@link Model#placementOrder()} goes to partition {@code i % partitions}. */
  ROUND_ROBIN("round-robin") {
    @Override
    int[] owners(Model model, int partitions) {
      int[] order = checkedOrder(model);
      int[] owner = new int[order.length];
      for (int i = 0; i < order.length; i++) {
        owner[order[i]] = i % partitions;
      }
      return owner;
    }
  },

  /**
   * Guest entities ({@link Model#guestEntity}) apart from the others: the non-guest entities in
   * {@link Model#placementOrder()}, then the guest ones, in contiguous blocks as even as possible
   * (a block may straddle the boundary when the counts do not divide). Without guest entities it
   * equals {@link #CONTIGUOUS}. It exists to show that VMs running on other JVMs than their hosts
   * give identical results, only slower: every guest-host exchange then crosses the fabric.
   */
  VMS_APART("vms-apart") {
    @Override
    int[] owners(Model model, int partitions) {
      int[] order = checkedOrder(model);
      int[] apart = new int[order.length];
      int next = 0;
      for (boolean guests : new boolean[] {false, true}) {
        for (int id : order) {
          if (model.guestEntity(id) == guests) {
            apart[next++] = id;
          }
        }
      }
      return blocks(apart, partitions);
    }
  },

  /**
   * Contiguous blocks of about equal weight, as {@link #CONTIGUOUS}, that start only where {@link
   * Model#placementRackStart} allows: whole racks per partition. With fewer racks than partitions
   * it places as {@link #CONTIGUOUS}.
   */
  BY_RACK("by-rack") {
    @Override
    int[] owners(Model model, int partitions) {
      int[] order = checkedOrder(model);
      long[] weights = new long[order.length];
      boolean[] rackStart = new boolean[order.length];
      for (int i = 0; i < order.length; i++) {
        rackStart[i] = model.placementRackStart(order[i]);
        weights[i] = Math.max(1, model.placementWeight(order[i]));
      }
      int[] owner = weightedBlocks(order, weights, rackStart, partitions);
      return owner != null ? owner : CONTIGUOUS.owners(model, partitions);
    }
  };

  private final String configName;

  PlacementStrategy(String configName) {
    this.configName = configName;
  }

  /** The name experiment files, the CLI and the control plane use ({@code round-robin}). */
  public String configName() {
    return configName;
  }

  /**
   * The strategy with this config name.
   *
   * @throws IllegalArgumentException naming the known strategies when there is none
   */
  public static PlacementStrategy fromConfigName(String name) {
    for (PlacementStrategy s : values()) {
      if (s.configName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown placement strategy '" + name + "' (known: " + configNames() + ")");
  }

  /** Every config name, in declaration order. */
  public static List<String> configNames() {
    List<String> names = new ArrayList<>();
    for (PlacementStrategy s : values()) {
      names.add(s.configName);
    }
    return List.copyOf(names);
  }

  /** The partition of each entity, by entity id. */
  abstract int[] owners(Model model, int partitions);

  /** Cuts {@code order} into {@code partitions} consecutive blocks whose sizes differ by <= 1. */
  static int[] blocks(int[] order, int partitions) {
    int[] owner = new int[order.length];
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) p * order.length / partitions);
      int to = (int) ((long) (p + 1) * order.length / partitions);
      for (int i = from; i < to; i++) {
        owner[order[i]] = p;
      }
    }
    return owner;
  }

  /**
   * Cuts {@code order} into {@code partitions} consecutive non-empty blocks of about equal weight
   * ({@code weights[i]} is {@code order[i]}'s): block p ends after the longest prefix whose weight
   * is at most {@code (p + 1) / partitions} of the total, then moves on past entities that may not
   * start a block ({@code cutBefore[i]} false; null: all may). With equal weights and no such
   * entity it is {@link #blocks}. Returns null when the constraints leave a partition empty.
   */
  static int[] weightedBlocks(int[] order, long[] weights, boolean[] cutBefore, int partitions) {
    int n = order.length;
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + weights[i];
    }
    long total = prefix[n];
    int[] owner = new int[n];
    int from = 0;
    for (int p = 0; p < partitions; p++) {
      if (from >= n) {
        return null;
      }
      int to = from + 1;
      if (p == partitions - 1) {
        to = n;
      } else {
        // 128-bit safe enough: weights are small counts, totals far below 2^63 / partitions
        while (to < n - (partitions - 1 - p)
            && prefix[to + 1] * partitions <= (long) (p + 1) * total) {
          to++;
        }
        while (cutBefore != null && to < n && !cutBefore[to]) {
          to++;
        }
        if (to >= n) {
          return null;
        }
      }
      for (int i = from; i < to; i++) {
        owner[order[i]] = p;
      }
      from = to;
    }
    return owner;
  }

  /** The model's placement order, refused unless it is a permutation of its entity ids. */
  private static int[] checkedOrder(Model model) {
    int count = model.entityCount();
    int[] order = model.placementOrder();
    if (order.length != count) {
      throw new IllegalArgumentException(
          "placementOrder() has " + order.length + " ids, the model has " + count + " entities");
    }
    boolean[] seen = new boolean[count];
    for (int i = 0; i < count; i++) {
      int id = order[i];
      if (id < 0 || id >= count) {
        throw new IllegalArgumentException(
            "placementOrder()[" + i + "] = " + id + " is no entity (0.." + (count - 1) + ")");
      }
      if (seen[id]) {
        throw new IllegalArgumentException(
            "placementOrder() lists entity " + id + " twice (again at index " + i + ")");
      }
      seen[id] = true;
    }
    return order;
  }
}
