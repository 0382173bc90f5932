package io.vioemu.fabric.kernel;

import java.util.Set;

/**
 * A model with a chosen placement order and guest set around another model's entities: what a host
 * model with VMs declares, without the host model.
 */
class PlacedModel implements Model {
  private final Model inner;
  private final int[] order;
  private final Set<Integer> guests;

  PlacedModel(Model inner, int[] order, Set<Integer> guests) {
    this.inner = inner;
    this.order = order.clone();
    this.guests = Set.copyOf(guests);
  }

  /** Only the placement order and guest set, over {@code count} entities that do nothing. */
  static PlacedModel idle(int count, int[] order, Set<Integer> guests) {
    return new PlacedModel(new WalkModel(count, 0, 1_000, 0, 0, 0), order, guests);
  }

  @Override
  public int entityCount() {
    return inner.entityCount();
  }

  @Override
  public long lookaheadPs() {
    return inner.lookaheadPs();
  }

  @Override
  public Entity createEntity(int entityId) {
    return inner.createEntity(entityId);
  }

  @Override
  public int[] placementOrder() {
    return order.clone();
  }

  @Override
  public boolean guestEntity(int id) {
    return guests.contains(id);
  }
}
