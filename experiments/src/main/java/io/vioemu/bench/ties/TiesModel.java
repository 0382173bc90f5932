package io.vioemu.bench.ties;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.TimedEvent;
import java.util.Map;
import java.util.Set;

/**
 * Entities on a ring; each event is forwarded, exactly one lookahead later, to a neighbour chosen
 * by the entity's order-sensitive state, with a priority also taken from that state.
 */
public final class TiesModel implements Model {
  private final int entities;
  private final int population;
  private final long lookaheadPs;

  public TiesModel(int entities, int population, long lookaheadPs) {
    if (entities < 2 || population < 1 || lookaheadPs <= 0) {
      throw new IllegalArgumentException(
          "ties needs entities >= 2, population >= 1, lookaheadPs > 0");
    }
    this.entities = entities;
    this.population = population;
    this.lookaheadPs = lookaheadPs;
  }

  @Override
  public int entityCount() {
    return entities;
  }

  @Override
  public long lookaheadPs() {
    return lookaheadPs;
  }

  @Override
  public Entity createEntity(int entityId) {
    return new Node();
  }

  private final class Node implements Entity {
    private long state;

    @Override
    public void onStart(EntityContext ctx) {
      state = ctx.random().nextLong();
      for (int i = 0; i < population; i++) {
        ctx.send(ctx.entityId(), lookaheadPs, i % 3, 1, i, null);
      }
    }

    @Override
    public void onEvent(TimedEvent event, EntityContext ctx) {
      state = state * 31 + event.srcEntity() * 7L + event.word();
      int hop = (int) Long.remainderUnsigned(state, 3);
      int dst = (ctx.entityId() + hop) % entities;
      ctx.send(dst, lookaheadPs, (int) Long.remainderUnsigned(state >>> 8, 4), 1, state, null);
    }
  }

  /** Registered with {@link java.util.ServiceLoader} under the name {@code ties}. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "ties";
    }

    @Override
    public Model create(Map<String, String> params) {
      ModelParams p =
          new ModelParams(name(), params, Set.of("entities", "population", "lookaheadPs"));
      return new TiesModel(
          p.getInt("entities", 16, 2, 1 << 24),
          p.getInt("population", 4, 1, 1 << 20),
          p.getLong("lookaheadPs", 1_000_000, 1, Long.MAX_VALUE / 4));
    }
  }
}
