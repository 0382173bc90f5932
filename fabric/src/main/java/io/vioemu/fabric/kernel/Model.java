package io.vioemu.fabric.kernel;

import java.util.List;
import java.util.SortedMap;

/**
 * A configured model: how many entities, the smallest latency of any channel between two distinct
 * entities (the lookahead), and how to build each entity.
 *
 * <p>Every JVM of a run builds the same model from the same parameters and creates only the
 * entities it hosts, so {@link #createEntity} must depend on the id and parameters alone.
 */
public interface Model {

  int entityCount();

  /**
   * The run's lookahead: a lower bound, in picoseconds and > 0, of {@link #channelLatencyPs} over
   * every pair of distinct entities. It is the length of a synchronization window.
   */
  long lookaheadPs();

  /**
   * Minimum latency of the channel from {@code src} to {@code dst} (distinct entities): every event
   * sent on it must be delayed at least this much. A link's propagation delay, a bus's transfer
   * time. Must be at least {@link #lookaheadPs()}.
   */
  default long channelLatencyPs(int src, int dst) {
    return lookaheadPs();
  }

  /**
   * The window between partitions under {@code placement}: a lower bound of {@link
   * #channelLatencyPs} over the channels whose two ends lie in different partitions, at least
   * {@link #lookaheadPs()}. Inside a partition, entities advance through sub-windows of {@link
   * #lookaheadPs()}, so a model whose shortest channels stay inside partitions (a VM and its host)
   * synchronizes its partitions only at the longer latency of the channels that cross (the fabric
   * links). An event that crosses partitions below it fails the run with a causality violation.
   * Default: the lookahead (any channel may cross).
   */
  default long windowPs(Placement placement) {
    return lookaheadPs();
  }

  Entity createEntity(int entityId);

  /** How payloads cross JVMs; models without payloads keep the default. */
  default PayloadCodec payloadCodec() {
    return PayloadCodec.NONE;
  }

  /**
   * Results derived from the entities' counters once the run is over (rates, ratios, indices, per
   * flow, and time series). Computed from the gathered counters alone, so they are identical on
   * every placement. Default: none.
   *
   * @param entityMetrics each entity's counters, by entity id
   * @param endPs the run's end time
   */
  default ModelResults results(List<SortedMap<String, Long>> entityMetrics, long endPs) {
    return ModelResults.NONE;
  }

  /**
   * The order in which placement strategies lay out entities: a permutation of {@code 0 ..
   * entityCount() - 1}. A model lists entities that exchange many events next to each other (a
   * host, then its VMs), so that contiguous blocks keep them on one JVM. It changes speed only,
   * never results, and must depend on the parameters alone. Default: ids in ascending order.
   */
  default int[] placementOrder() {
    return Placement.identity(entityCount());
  }

  /**
   * How much work entity {@code id} carries relative to the others (>= 1), so that contiguous
   * placement can cut blocks of about equal work: a switch that sees every host's frames weighs
   * more than one host. It changes speed only, never results. Default: 1 for every entity.
   */
  default long placementWeight(int id) {
    return 1;
  }

  /**
   * Whether contiguous placement may start a partition's block at entity {@code id}: false for an
   * entity that must stay with the one before it in {@link #placementOrder()} (a VM with its host,
   * whose 250 ns channel would otherwise cross partitions and shrink every window to it). Default:
   * any entity may start a block.
   */
  default boolean placementCutBefore(int id) {
    return true;
  }

  /**
   * Whether {@link PlacementStrategy#BY_RACK} may start a partition's block at entity {@code id}:
   * true only at the first entity of a rack (a leaf's first host), so that each rack (its hosts,
   * their VMs and its leaf) stays in one partition and cuts fall on leaf-spine links. Default:
   * where {@link #placementCutBefore} allows a cut (a model without racks places as contiguous
   * does).
   */
  default boolean placementRackStart(int id) {
    return placementCutBefore(id);
  }

  /**
   * Whether entity {@code id} is a guest (a VM's entity) rather than host or fabric hardware; the
   * {@link PlacementStrategy#VMS_APART} strategy places guests apart from the others. Default:
   * false, no guests.
   */
  default boolean guestEntity(int id) {
    return false;
  }
}
