package io.vioemu.fabric.kernel;

/**
 * Which partition hosts which entity: contiguous blocks of ids, as even as possible. Every JVM
 * computes the same answer from (entity count, partition count) alone.
 */
public final class Placement {
  private final int entityCount;
  private final int partitions;
  private final int[] first;

  public Placement(int entityCount, int partitions) {
    if (partitions < 1 || entityCount < partitions) {
      throw new IllegalArgumentException(
          "cannot place " + entityCount + " entities on " + partitions + " partitions");
    }
    this.entityCount = entityCount;
    this.partitions = partitions;
    this.first = new int[partitions + 1];
    for (int p = 0; p <= partitions; p++) {
      first[p] = (int) ((long) p * entityCount / partitions);
    }
  }

  public int partitions() {
    return partitions;
  }

  public int entityCount() {
    return entityCount;
  }

  public int firstEntity(int partition) {
    return first[partition];
  }

  public int entityCountOf(int partition) {
    return first[partition + 1] - first[partition];
  }

  public int ownerOf(int entityId) {
    if (entityId < 0 || entityId >= entityCount) {
      throw new IllegalArgumentException(
          "no entity " + entityId + " (model has " + entityCount + ")");
    }
    int lo = 0;
    int hi = partitions - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (first[mid] <= entityId) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
