package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.fabric.kernel.PayloadCodec;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A two-tier leaf-spine fabric: L leaves with H traffic hosts each, S spines, every leaf linked to
 * every spine, ECMP across the spines. Host i streams to host (i + H) mod N, on the next leaf, so
 * all traffic crosses the spine layer. Entity ids: hosts 0..N-1, leaves N..N+L-1, spines after.
 */
public final class LeafSpineModel implements Model {
  private final int leaves;
  private final int spines;
  private final int hostsPerLeaf;
  private final LinkSettings link;
  private final long bufferBytes;
  private final long forwardingPs;
  private final TrafficSpec traffic;

  /**
   * @param traffic every host's flow; its destination MAC is ignored (each host sends to the same
   *     position on the next leaf)
   */
  public LeafSpineModel(
      int leaves,
      int spines,
      int hostsPerLeaf,
      LinkSettings link,
      long bufferBytes,
      long forwardingPs,
      TrafficSpec traffic) {
    if (leaves < 2 || spines < 1 || hostsPerLeaf < 1) {
      throw new IllegalArgumentException(
          "a leaf-spine fabric needs >= 2 leaves, >= 1 spine and >= 1 host per leaf,"
              + " was "
              + leaves
              + "/"
              + spines
              + "/"
              + hostsPerLeaf);
    }
    this.leaves = leaves;
    this.spines = spines;
    this.hostsPerLeaf = hostsPerLeaf;
    this.link = link;
    this.bufferBytes = bufferBytes;
    this.forwardingPs = forwardingPs;
    this.traffic = traffic;
  }

  public int hosts() {
    return leaves * hostsPerLeaf;
  }

  public int leafEntity(int leaf) {
    return hosts() + leaf;
  }

  public int spineEntity(int spine) {
    return hosts() + leaves + spine;
  }

  private int hostOfMac(long mac) {
    long host = mac - StarTopologyModel.macOf(0);
    return host >= 0 && host < hosts() ? (int) host : -1;
  }

  @Override
  public int entityCount() {
    return hosts() + leaves + spines;
  }

  @Override
  public long lookaheadPs() {
    return link.minLatencyPs();
  }

  @Override
  public Entity createEntity(int id) {
    if (id < hosts()) {
      int dst = (id + hostsPerLeaf) % hosts();
      TrafficSpec flow =
          new TrafficSpec(
              StarTopologyModel.macOf(dst),
              traffic.payloadBytes(),
              traffic.intervalPs(),
              traffic.stopPs(),
              traffic.flows());
      return HostFactory.TRAFFIC.create(
          id,
          StarTopologyModel.macOf(id),
          flow,
          link,
          new Attachment(leafEntity(id / hostsPerLeaf), id % hostsPerLeaf));
    }
    if (id < hosts() + leaves) {
      int leaf = id - hosts();
      Attachment[] ports = new Attachment[hostsPerLeaf + spines];
      for (int h = 0; h < hostsPerLeaf; h++) {
        ports[h] = new Attachment(leaf * hostsPerLeaf + h, 0);
      }
      for (int s = 0; s < spines; s++) {
        ports[hostsPerLeaf + s] = new Attachment(spineEntity(s), leaf);
      }
      return new SwitchEntity(
          settings(ports.length),
          LeafSpineRoutes.leaf(leaf, hostsPerLeaf, spines, this::hostOfMac),
          ports);
    }
    int spine = id - hosts() - leaves;
    Attachment[] ports = new Attachment[leaves];
    for (int l = 0; l < leaves; l++) {
      ports[l] = new Attachment(leafEntity(l), hostsPerLeaf + spine);
    }
    return new SwitchEntity(
        settings(leaves), LeafSpineRoutes.spine(hostsPerLeaf, this::hostOfMac), ports);
  }

  private SwitchSettings settings(int ports) {
    return new SwitchSettings(Collections.nCopies(ports, link), bufferBytes, forwardingPs);
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec();
  }

  public static final ParamSpec LEAVES = ParamSpec.integer("leaves", 2, 2, 4096, "Leaf switches.");
  public static final ParamSpec SPINES = ParamSpec.integer("spines", 2, 1, 4096, "Spine switches.");
  public static final ParamSpec HOSTS_PER_LEAF =
      ParamSpec.integer("hostsPerLeaf", 2, 1, 4096, "Hosts under each leaf.");
  public static final ParamSpec FLOWS_PER_HOST =
      ParamSpec.integer("flowsPerHost", 1, 1, 1 << 16, "Flows per host, spread over the spines.");

  /** The parameters {@link Factory#create} reads. */
  public static final List<ParamSpec> PARAMS =
      List.of(
          LEAVES,
          SPINES,
          HOSTS_PER_LEAF,
          StarTopologyModel.RATE_BITS_PER_SEC,
          StarTopologyModel.PROPAGATION_PS,
          StarTopologyModel.MTU_BYTES,
          StarTopologyModel.SWITCH_BUFFER_BYTES,
          StarTopologyModel.FORWARDING_PS,
          StarTopologyModel.PAYLOAD_BYTES,
          StarTopologyModel.INTERVAL_PS,
          StarTopologyModel.STOP_PS,
          FLOWS_PER_HOST);

  /** Registered as {@code eth-leafspine}. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "eth-leafspine";
    }

    @Override
    public List<ParamSpec> parameters() {
      return PARAMS;
    }

    @Override
    public Model create(Map<String, String> raw) {
      ModelParams p = new ModelParams(name(), raw, PARAMS);
      LinkSettings link = StarTopologyModel.linkFromParams(p);
      TrafficSpec traffic =
          new TrafficSpec(
              0,
              p.getInt(StarTopologyModel.PAYLOAD_BYTES.within(0, link.mtuBytes())),
              p.getLong(StarTopologyModel.INTERVAL_PS),
              p.getLong(StarTopologyModel.STOP_PS),
              p.getInt(FLOWS_PER_HOST));
      return new LeafSpineModel(
          p.getInt(LEAVES),
          p.getInt(SPINES),
          p.getInt(HOSTS_PER_LEAF),
          link,
          p.getLong(StarTopologyModel.SWITCH_BUFFER_BYTES),
          p.getLong(StarTopologyModel.FORWARDING_PS),
          traffic);
    }
  }
}
