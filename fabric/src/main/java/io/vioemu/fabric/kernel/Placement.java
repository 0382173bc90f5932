package io.vioemu.fabric.kernel;

/**
 * Which partition hosts which entity: an explicit assignment, not necessarily contiguous. Every JVM
 * computes the same answer from (model, partition count, {@link PlacementStrategy}) alone.
 *
 * <p>A partition hosts its entities in ascending id order; an entity's local index is its position
 * in that list.
 */
public final class Placement {
  private final int partitions;
  private final int[] owner;
  private final int[] localIndex;
  private final int[][] members;

  /** Contiguous blocks of ids, as even as possible: {@link PlacementStrategy#CONTIGUOUS}. */
  public Placement(int entityCount, int partitions) {
    this(
        PlacementStrategy.blocks(
            identity(requirePlaceable(entityCount, partitions, "contiguous")), partitions),
        partitions,
        "contiguous");
  }

  private Placement(int[] owner, int partitions, String strategy) {
    this.partitions = partitions;
    this.owner = owner;
    this.localIndex = new int[owner.length];
    int[] sizes = new int[partitions];
    for (int id = 0; id < owner.length; id++) {
      localIndex[id] = sizes[owner[id]]++;
    }
    this.members = new int[partitions][];
    for (int p = 0; p < partitions; p++) {
      if (sizes[p] == 0) {
        throw new IllegalArgumentException(
            "placement "
                + strategy
                + " of "
                + owner.length
                + " entities on "
                + partitions
                + " partitions leaves partition "
                + p
                + " without an entity");
      }
      members[p] = new int[sizes[p]];
    }
    for (int id = 0; id < owner.length; id++) {
      members[owner[id]][localIndex[id]] = id;
    }
  }

  /**
   * Places {@code model}'s entities on {@code partitions} partitions as {@code strategy} says.
   *
   * @throws IllegalArgumentException if a partition would get no entity, or the model's {@link
   *     Model#placementOrder()} is not a permutation of its ids
   */
  public static Placement of(Model model, int partitions, PlacementStrategy strategy) {
    requirePlaceable(model.entityCount(), partitions, strategy.configName());
    return new Placement(strategy.owners(model, partitions), partitions, strategy.configName());
  }

  /** Returns {@code entityCount} unless it leaves some partition without an entity. */
  private static int requirePlaceable(int entityCount, int partitions, String strategy) {
    if (partitions < 1 || entityCount < partitions) {
      throw new IllegalArgumentException(
          "cannot place "
              + entityCount
              + " entities on "
              + partitions
              + " partitions (placement "
              + strategy
              + "): every partition needs at least one entity");
    }
    return entityCount;
  }

  static int[] identity(int count) {
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = i;
    }
    return ids;
  }

  public int partitions() {
    return partitions;
  }

  public int entityCount() {
    return owner.length;
  }

  public int entityCountOf(int partition) {
    return members[partition].length;
  }

  /** The ids {@code partition} hosts, ascending (a copy). */
  public int[] entitiesOf(int partition) {
    return members[partition].clone();
  }

  public int ownerOf(int entityId) {
    return owner[checkId(entityId)];
  }

  /** The position of {@code entityId} in {@link #entitiesOf} of its owner. */
  public int localIndex(int entityId) {
    return localIndex[checkId(entityId)];
  }

  private int checkId(int entityId) {
    if (entityId < 0 || entityId >= owner.length) {
      throw new IllegalArgumentException(
          "no entity " + entityId + " (model has " + owner.length + ")");
    }
    return entityId;
  }
}
