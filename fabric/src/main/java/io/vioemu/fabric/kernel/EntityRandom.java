package io.vioemu.fabric.kernel;

import java.util.SplittableRandom;

/** Derives each entity's independent random stream from (experiment seed, entity id). */
public final class EntityRandom {
  private EntityRandom() {}

  /** A generator that depends only on the seed and the id, never on placement or order. */
  public static SplittableRandom forEntity(long experimentSeed, int entityId) {
    return new SplittableRandom(
        Mix.mix64(Mix.mix64(experimentSeed) ^ (0x5851F42D4C957F2DL * (entityId + 1L))));
  }
}
