package io.vioemu.fabric.kernel;

/**
 * A PHOLD-like test model: each event hops to a random entity (or stays) after the lookahead plus
 * an optional random slack. {@code slackPs = 0} makes every hop land exactly on a window boundary
 * (zero slack), the hardest case for the window logic. {@code cheatPs > 0} makes the model send
 * below its declared lookahead, which the kernel must catch.
 */
final class WalkModel implements Model {
  private final int entities;
  private final int population;
  private final long lookaheadPs;
  private final long slackPs;
  private final double remote;
  private final long cheatPs;

  WalkModel(
      int entities, int population, long lookaheadPs, long slackPs, double remote, long cheatPs) {
    this.entities = entities;
    this.population = population;
    this.lookaheadPs = lookaheadPs;
    this.slackPs = slackPs;
    this.remote = remote;
    this.cheatPs = cheatPs;
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
    return new Entity() {
      private long state = entityId;
      private long handled;
      private long sentAway;

      @Override
      public void onStart(EntityContext ctx) {
        for (int i = 0; i < population; i++) {
          ctx.send(entityId, delay(ctx), i % 2, 0, i, null);
        }
      }

      @Override
      public void onEvent(TimedEvent event, EntityContext ctx) {
        state = state * 31 + event.srcEntity() + event.word();
        handled++;
        int dst = ctx.random().nextDouble() < remote ? ctx.random().nextInt(entities) : entityId;
        sentAway += dst != entityId ? 1 : 0;
        long d = delay(ctx) - (dst != entityId ? cheatPs : 0);
        ctx.send(dst, d, (int) (state & 1), 0, state, null);
      }

      @Override
      public void reportMetrics(MetricSink sink) {
        sink.put("handled", handled);
        sink.put("sentAway", sentAway);
        sink.put("state", state);
      }

      private long delay(EntityContext ctx) {
        return lookaheadPs + (slackPs == 0 ? 0 : ctx.random().nextLong(slackPs));
      }
    };
  }
}
