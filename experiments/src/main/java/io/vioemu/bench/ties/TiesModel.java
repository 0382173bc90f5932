package io.vioemu.bench.ties;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.fabric.kernel.TimedEvent;
import java.util.List;
import java.util.Map;

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

  public static final ParamSpec ENTITIES =
      ParamSpec.integer("entities", 16, 2, 1 << 24, "Entities in the ring.");
  public static final ParamSpec POPULATION =
      ParamSpec.integer("population", 4, 1, 1 << 20, "Events each entity holds at start.");
  public static final ParamSpec LOOKAHEAD_PS =
      ParamSpec.duration("lookaheadPs", 1_000_000, 1, Long.MAX_VALUE / 4, "Every event's delay.");

  /** The parameters {@link Factory#create} reads. */
  public static final List<ParamSpec> PARAMS = List.of(ENTITIES, POPULATION, LOOKAHEAD_PS);

  /** Registered with {@link java.util.ServiceLoader} under the name {@code ties}. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "ties";
    }

    @Override
    public List<ParamSpec> parameters() {
      return PARAMS;
    }

    @Override
    public Model create(Map<String, String> params) {
      ModelParams p = new ModelParams(name(), params, PARAMS);
      return new TiesModel(p.getInt(ENTITIES), p.getInt(POPULATION), p.getLong(LOOKAHEAD_PS));
    }
  }
}
