package io.vioemu.fabric.cluster;

import io.vioemu.fabric.ethernet.FrameCodec;
import io.vioemu.fabric.ethernet.HostFactory;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.PayloadCodec;
import java.util.function.IntUnaryOperator;

/**
 * Hosts on a datacenter fabric ({@link ClusterShape}) of routed switches ({@link ClusterSwitch})
 * with scheduled failures ({@link FaultPlan}). Entity ids: hosts {@code 0..N-1}, then the switches.
 * What a host is comes from a {@link HostFactory}: traffic generators in the fabric's own tests,
 * full hosts in host-node's netperf models.
 */
public final class ClusterFabricModel implements Model {
  private final ClusterShape shape;
  private final FaultPlan faults;
  private final ClusterRoutes routes;
  private final long bufferBytes;
  private final long forwardingPs;
  private final long jitterPs;
  private final HostFactory hostFactory;
  private final TrafficSpec traffic;
  private final IntUnaryOperator destination;

  /**
   * @param bufferBytes output buffer of every switch port, in frame bytes
   * @param forwardingPs every switch's store-and-forward latency
   * @param jitterPs up to this much more per frame, uniform and seeded
   * @param traffic what a traffic-generator host sends (its destination MAC is replaced)
   * @param destination the host each host sends {@code traffic} to, or -1 for none
   */
  public ClusterFabricModel(
      FaultPlan faults,
      long bufferBytes,
      long forwardingPs,
      long jitterPs,
      HostFactory hostFactory,
      TrafficSpec traffic,
      IntUnaryOperator destination) {
    this.shape = faults.shape();
    this.faults = faults;
    this.routes = new ClusterRoutes(faults);
    this.bufferBytes = bufferBytes;
    this.forwardingPs = forwardingPs;
    this.jitterPs = jitterPs;
    this.hostFactory = hostFactory;
    this.traffic = traffic;
    this.destination = destination;
  }

  /** Full hosts: the factory ignores the traffic spec. */
  public ClusterFabricModel(
      FaultPlan faults, long bufferBytes, long forwardingPs, long jitterPs, HostFactory hosts) {
    this(
        faults,
        bufferBytes,
        forwardingPs,
        jitterPs,
        hosts,
        new TrafficSpec(0, 0, 0, 0, 1),
        h -> -1);
  }

  public ClusterShape shape() {
    return shape;
  }

  public FaultPlan faults() {
    return faults;
  }

  public ClusterRoutes routes() {
    return routes;
  }

  @Override
  public int entityCount() {
    return shape.hosts() + shape.switches();
  }

  @Override
  public long lookaheadPs() {
    return shape.minLatencyPs();
  }

  @Override
  public Entity createEntity(int id) {
    if (id >= shape.hosts()) {
      return new ClusterSwitch(
          id - shape.hosts(), routes, faults, bufferBytes, forwardingPs, jitterPs);
    }
    int dst = destination.applyAsInt(id);
    TrafficSpec flow =
        new TrafficSpec(
            StarTopologyModel.macOf(Math.max(dst, 0)),
            traffic.payloadBytes(),
            traffic.intervalPs(),
            dst >= 0 ? traffic.stopPs() : 0,
            traffic.flows());
    return hostFactory.create(
        id, StarTopologyModel.macOf(id), flow, shape.hostLinkOf(id), shape.uplinkOf(id));
  }

  /**
   * Rack by rack: its hosts, then its edge switch (in a fat-tree, a pod's aggregation switches
   * after its last edge), then the spines or cores.
   */
  @Override
  public int[] placementOrder() {
    int[] order = new int[entityCount()];
    int i = 0;
    int perPod = shape.kind() == ClusterShape.Kind.FAT_TREE ? podEdges() : shape.edges();
    for (int rack = 0; rack < shape.edges(); rack++) {
      for (int h = 0; h < shape.hostsPerEdge(); h++) {
        order[i++] = rack * shape.hostsPerEdge() + h;
      }
      order[i++] = shape.switchEntity(rack);
      if (shape.kind() == ClusterShape.Kind.FAT_TREE && (rack + 1) % perPod == 0) {
        int pod = rack / perPod;
        for (int j = 0; j < perPod; j++) {
          order[i++] = shape.switchEntity(shape.edges() + pod * perPod + j);
        }
      }
    }
    for (int sw = firstSpine(); sw < shape.switches(); sw++) {
      order[i++] = shape.switchEntity(sw);
    }
    return order;
  }

  private int podEdges() {
    return shape.portCount(0) / 2;
  }

  /** The first switch above the racks (and, in a fat-tree, above the pods). */
  private int firstSpine() {
    return shape.kind() == ClusterShape.Kind.FAT_TREE ? 2 * shape.edges() : shape.edges();
  }

  /**
   * A switch weighs 3/10 of a host per port (as the star's switch, see netperf-star's placement
   * weight); a host 1.
   */
  @Override
  public long placementWeight(int id) {
    return id < shape.hosts() ? 1 : Math.max(1, shape.portCount(id - shape.hosts()) * 3L / 10);
  }

  /** A block of by-rack placement starts only at a rack's first host. */
  @Override
  public boolean placementRackStart(int id) {
    return id < shape.hosts() && id % shape.hostsPerEdge() == 0;
  }

  /** The rack an entity belongs to (spines and cores: -1). */
  public int rackOfEntity(int id) {
    if (id < shape.hosts()) {
      return shape.rackOf(id);
    }
    int sw = id - shape.hosts();
    if (sw < shape.edges()) {
      return sw;
    }
    return -1;
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec();
  }
}
