package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.vioemu.fabric.kernel.InJvmRun;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.kernel.PlacementStrategy;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Runs a netperf-star scenario in this JVM and reads its metrics. */
final class NetperfRun {
  static final long PS_PER_SECOND = 1_000_000_000_000L;

  /** Each host's counters together with its VMs' (see {@link NetperfStarModel#hostView}). */
  final List<SortedMap<String, Long>> metrics;

  /** Every entity's counters, as the run gathered them. */
  final List<SortedMap<String, Long>> entityMetrics;

  final long endPs;
  final long events;
  final long checksum;
  final NetperfStarModel model;

  private NetperfRun(InJvmRun.Outcome o, NetperfStarModel model, long endPs) {
    this.model = model;
    // a VM in an entity of its own counts with its host, as the results count it
    this.entityMetrics = o.metrics();
    this.metrics = model.hostView(o.metrics());
    this.endPs = endPs;
    this.events = o.events();
    this.checksum = o.checksum();
  }

  static NetperfRun run(ActorTestKit kit, Map<String, String> params, int partitions, long endPs) {
    return run(kit, params, partitions, PlacementStrategy.CONTIGUOUS, endPs);
  }

  /** As above, with the entities spread over the partitions by {@code strategy}. */
  static NetperfRun run(
      ActorTestKit kit,
      Map<String, String> params,
      int partitions,
      PlacementStrategy strategy,
      long endPs) {
    return run(
        kit, NetperfStarModel.fromParams(new HashMap<>(params)), partitions, strategy, endPs);
  }

  /** A netperf-cluster scenario. */
  static NetperfRun cluster(
      ActorTestKit kit,
      Map<String, String> params,
      int partitions,
      PlacementStrategy strategy,
      long endPs) {
    return run(
        kit,
        NetperfStarModel.clusterFromParams(new HashMap<>(params)),
        partitions,
        strategy,
        endPs);
  }

  private static NetperfRun run(
      ActorTestKit kit,
      NetperfStarModel model,
      int partitions,
      PlacementStrategy strategy,
      long endPs) {
    InJvmRun.Outcome o = InJvmRun.run(kit, model, partitions, strategy, 1, endPs);
    assertNull(o.failure(), () -> String.valueOf(o.failure()));
    return new NetperfRun(o, model, endPs);
  }

  /** What the model derives from the metrics, as the runner writes it to metrics.json. */
  ModelResults results() {
    return model.results(entityMetrics, endPs);
  }

  /** A derived result ({@code goodputBitsPerSec}, {@code flow1.goodputBitsPerSec}) as a number. */
  double result(String name) {
    BigDecimal v = results().named().get(name);
    if (v == null) {
      throw new AssertionError("no result " + name + ": " + results().named().keySet());
    }
    return v.doubleValue();
  }

  /** Value {@code k} of series {@code name}. */
  static double series(ModelResults results, String name, int k) {
    ModelResults.Series s = results.series().get(name);
    if (s == null || k >= s.values().size()) {
      throw new AssertionError("no series " + name + " at " + k + ": " + results.series());
    }
    return s.values().get(k).doubleValue();
  }

  /** The scalar and per-flow results by name, as metrics.json writes them. */
  static SortedMap<String, String> named(ModelResults results) {
    SortedMap<String, String> out = new TreeMap<>();
    results.named().forEach((k, v) -> out.put(k, v.toPlainString()));
    return out;
  }

  long get(int host, String name) {
    Long v = metrics.get(host).get(name);
    if (v == null) {
      throw new AssertionError(
          "host " + host + " has no metric " + name + ": " + metrics.get(host));
    }
    return v;
  }

  /** Goodput of a flow, read at the receiving host, over [warmupPs, endPs). */
  double goodputBitsPerSec(int receiver, int flow, long warmupPs) {
    return get(receiver, "flow" + flow + ".measuredBytes")
        * 8.0
        * PS_PER_SECOND
        / (endPs - warmupPs);
  }
}
