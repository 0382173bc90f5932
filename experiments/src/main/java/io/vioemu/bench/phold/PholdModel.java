package io.vioemu.bench.phold;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.fabric.kernel.TimedEvent;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PHOLD: every event's delay is the lookahead plus an exponential draw; with probability {@code
 * remote} the event goes to a uniformly chosen other LP, else back to its own LP. Draws use {@link
 * StrictMath} so that every JVM computes bit-identical delays.
 */
public final class PholdModel implements Model {
  static final int KIND_PHOLD = 1;

  private final PholdSettings settings;

  public PholdModel(PholdSettings settings) {
    this.settings = settings;
  }

  @Override
  public int entityCount() {
    return settings.lps();
  }

  @Override
  public long lookaheadPs() {
    return settings.lookaheadPs();
  }

  @Override
  public Entity createEntity(int entityId) {
    return new Lp();
  }

  long delayPs(SplittableRandom random) {
    if (settings.meanPs() == 0) {
      return settings.lookaheadPs();
    }
    double exp = -StrictMath.log(1.0 - random.nextDouble()) * settings.meanPs();
    return settings.lookaheadPs() + (long) exp;
  }

  int destination(int self, SplittableRandom random) {
    if (random.nextDouble() >= settings.remote()) {
      return self;
    }
    int other = random.nextInt(settings.lps() - 1);
    return other >= self ? other + 1 : other;
  }

  private final class Lp implements Entity {
    @Override
    public void onStart(EntityContext ctx) {
      for (int i = 0; i < settings.population(); i++) {
        ctx.schedule(delayPs(ctx.random()), KIND_PHOLD, i);
      }
    }

    @Override
    public void onEvent(TimedEvent event, EntityContext ctx) {
      SplittableRandom random = ctx.random();
      int dst = destination(ctx.entityId(), random);
      ctx.send(dst, delayPs(random), 0, KIND_PHOLD, event.word(), null);
    }
  }

  /** Registered with {@link java.util.ServiceLoader} under the name {@code phold}. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "phold";
    }

    @Override
    public List<ParamSpec> parameters() {
      return PholdSettings.PARAMS;
    }

    @Override
    public Model create(Map<String, String> params) {
      return new PholdModel(PholdSettings.fromParams(params));
    }
  }
}
