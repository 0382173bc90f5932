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
 * N hosts on one switch (a star), all links alike. The first {@code senders} hosts each stream one
 * flow: host i to host (i+1) mod N, or all of them to {@code incastHost}. Entity ids: hosts 0..N-1,
 * the switch N. What a host is comes from a {@link HostFactory}: the ns-3 baselines' star and udp64
 * scenarios use traffic generators, host-node's models full hosts.
 */
public final class StarTopologyModel implements Model {
  public static final ParamSpec HOSTS =
      ParamSpec.integer("hosts", 2, 2, 1 << 20, "Hosts on the switch.");
  public static final ParamSpec SENDERS =
      ParamSpec.integer("senders", 0, 0, 1 << 20, "Hosts 0..senders-1 send (at most hosts).")
          .computedDefault("hosts");
  public static final ParamSpec INCAST_HOST =
      ParamSpec.integer(
          "incastHost",
          -1,
          -1,
          (1 << 20) - 1,
          "-1: host i sends to host i+1; else every sender sends to this host.");
  public static final ParamSpec SWITCH_BUFFER_BYTES =
      ParamSpec.integer(
          "switchBufferBytes",
          512 * 1024,
          0,
          Long.MAX_VALUE,
          "Output buffer per switch port, in frame bytes (drop-tail).");
  public static final ParamSpec FORWARDING_PS =
      ParamSpec.duration(
          "forwardingPs", 500_000, 0, Long.MAX_VALUE, "Store-and-forward decision time per frame.");
  public static final ParamSpec FORWARDING_JITTER_PS =
      ParamSpec.duration(
          "forwardingJitterPs",
          0,
          0,
          Long.MAX_VALUE / 4,
          "Up to this much extra switch latency per frame, uniform and seeded; frames of one"
              + " port keep their order.");
  public static final ParamSpec PAYLOAD_BYTES =
      ParamSpec.integer(
          "payloadBytes",
          1500,
          0,
          Ethernet.JUMBO_MTU_BYTES,
          "Each generated frame's payload (at most mtuBytes).");
  public static final ParamSpec INTERVAL_PS =
      ParamSpec.duration(
          "intervalPs", 0, 0, Long.MAX_VALUE, "Gap between a sender's frames; 0: line rate.");
  public static final ParamSpec STOP_PS =
      ParamSpec.duration(
              "stopPs",
              Long.MAX_VALUE,
              0,
              Long.MAX_VALUE,
              "Senders send nothing from this time on.")
          .shownAs("never");
  public static final ParamSpec RATE_BITS_PER_SEC =
      ParamSpec.integer(
          "rateBitsPerSec", 10_000_000_000L, 1, 1_000_000_000_000L, "Every link's rate.");
  public static final ParamSpec PROPAGATION_PS =
      ParamSpec.duration(
          "propagationPs", 1_000_000, 0, Long.MAX_VALUE, "Every link's propagation delay.");
  public static final ParamSpec MTU_BYTES =
      ParamSpec.integer(
          "mtuBytes",
          Ethernet.DEFAULT_MTU_BYTES,
          Ethernet.MIN_PAYLOAD_BYTES,
          Ethernet.JUMBO_MTU_BYTES,
          "Every link's MTU.");

  /** The link parameters every topology shares ({@link #linkFromParams}). */
  public static final List<ParamSpec> LINK_PARAMS =
      List.of(RATE_BITS_PER_SEC, PROPAGATION_PS, MTU_BYTES);

  /** The parameters {@link #fromParams} reads. */
  public static final List<ParamSpec> PARAMS =
      List.of(
          RATE_BITS_PER_SEC,
          PROPAGATION_PS,
          MTU_BYTES,
          HOSTS,
          SENDERS,
          INCAST_HOST,
          SWITCH_BUFFER_BYTES,
          FORWARDING_PS,
          FORWARDING_JITTER_PS,
          PAYLOAD_BYTES,
          INTERVAL_PS,
          STOP_PS);

  private final int hosts;
  private final int senders;
  private final int incastHost;
  private final LinkSettings link;
  private final SwitchSettings switchSettings;
  private final TrafficSpec traffic;
  private final HostFactory hostFactory;

  /**
   * @param senders hosts 0..senders-1 generate traffic; the others only receive
   * @param incastHost -1: host i sends to host (i+1) mod N; otherwise every sender sends to it
   * @param traffic every sender's flow; its destination MAC is replaced per host
   */
  public StarTopologyModel(
      int hosts,
      int senders,
      int incastHost,
      LinkSettings link,
      long bufferBytes,
      long forwardingPs,
      long forwardingJitterPs,
      TrafficSpec traffic,
      HostFactory hostFactory) {
    if (hosts < 2) {
      throw new IllegalArgumentException("a star needs at least 2 hosts, was " + hosts);
    }
    if (senders < 0 || senders > hosts) {
      throw new IllegalArgumentException("senders must be within 0.." + hosts + ", was " + senders);
    }
    if (incastHost < -1 || incastHost >= hosts) {
      throw new IllegalArgumentException(
          "incastHost must be -1 or within 0.." + (hosts - 1) + ", was " + incastHost);
    }
    if (traffic.payloadBytes() > link.mtuBytes()) {
      throw new IllegalArgumentException(
          "payload " + traffic.payloadBytes() + " bytes exceeds the MTU of " + link.mtuBytes());
    }
    this.hosts = hosts;
    this.senders = senders;
    this.incastHost = incastHost;
    this.link = link;
    this.switchSettings =
        new SwitchSettings(
            Collections.nCopies(hosts, link), bufferBytes, forwardingPs, forwardingJitterPs);
    this.traffic = traffic;
    this.hostFactory = hostFactory;
  }

  /** Builds a star from parameters ({@link #PARAMS}; the host factory reads any others). */
  public static StarTopologyModel fromParams(ModelParams p, HostFactory hostFactory) {
    int hosts = p.getInt(HOSTS);
    LinkSettings link = linkFromParams(p);
    int payloadBytes = p.getInt(PAYLOAD_BYTES.within(0, link.mtuBytes()));
    return new StarTopologyModel(
        hosts,
        p.getInt(SENDERS.within(0, hosts), hosts),
        p.getInt(INCAST_HOST.within(-1, hosts - 1)),
        link,
        p.getLong(SWITCH_BUFFER_BYTES),
        p.getLong(FORWARDING_PS),
        p.getLong(FORWARDING_JITTER_PS),
        new TrafficSpec(0, payloadBytes, p.getLong(INTERVAL_PS), p.getLong(STOP_PS), 1),
        hostFactory);
  }

  /** The link parameters every topology shares: rate, propagation delay and MTU. */
  /** Every link's rate, delay and MTU. */
  public LinkSettings link() {
    return link;
  }

  public static LinkSettings linkFromParams(ModelParams p) {
    return new LinkSettings(
        p.getLong(RATE_BITS_PER_SEC), p.getLong(PROPAGATION_PS), p.getInt(MTU_BYTES));
  }

  /** Locally administered unicast MACs, one per host. */
  public static long macOf(int host) {
    return 0x02_00_00_00_00_00L + host;
  }

  @Override
  public int entityCount() {
    return hosts + 1;
  }

  @Override
  public long lookaheadPs() {
    return link.minLatencyPs();
  }

  @Override
  public Entity createEntity(int id) {
    if (id == hosts) {
      Attachment[] ports = new Attachment[hosts];
      for (int h = 0; h < hosts; h++) {
        ports[h] = new Attachment(h, 0);
      }
      return new SwitchEntity(switchSettings, ports);
    }
    TrafficSpec flow =
        new TrafficSpec(
            macOf(incastHost >= 0 ? incastHost : (id + 1) % hosts),
            traffic.payloadBytes(),
            traffic.intervalPs(),
            id < senders ? traffic.stopPs() : 0,
            traffic.flows());
    return hostFactory.create(id, macOf(id), flow, link, new Attachment(hosts, id));
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec();
  }

  /** Registered as {@code eth-star}: traffic-generator hosts. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "eth-star";
    }

    @Override
    public List<ParamSpec> parameters() {
      return PARAMS;
    }

    @Override
    public Model create(Map<String, String> p) {
      return fromParams(new ModelParams(name(), p, PARAMS), HostFactory.TRAFFIC);
    }
  }
}
