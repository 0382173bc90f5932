package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.PayloadCodec;
import java.util.Collections;
import java.util.Map;

/**
 * N traffic hosts on one switch (a star), host i streaming to host (i+1) mod N (the first {@code
 * senders} of them), all links alike. Entity ids: hosts 0..N-1, the switch N. The ns-3 baselines'
 * star and udp64 scenarios, on real Ethernet framing.
 */
public final class StarTopologyModel implements Model {
  private final int hosts;
  private final LinkSettings link;
  private final SwitchSettings switchSettings;
  private final int payloadBytes;
  private final long intervalPs;
  private final long stopPs;
  private final int senders;
  private final int incastHost;

  /**
   * @param senders hosts 0..senders-1 generate traffic; the others only receive
   * @param incastHost -1: host i sends to host (i+1) mod N; otherwise every sender sends to it
   */
  public StarTopologyModel(
      int hosts,
      int senders,
      int incastHost,
      LinkSettings link,
      long bufferBytes,
      long forwardingPs,
      int payloadBytes,
      long intervalPs,
      long stopPs) {
    if (senders < 0 || senders > hosts) {
      throw new IllegalArgumentException("senders must be within 0.." + hosts + ", was " + senders);
    }
    this.senders = senders;
    if (incastHost < -1 || incastHost >= hosts) {
      throw new IllegalArgumentException(
          "incastHost must be -1 or within 0.." + (hosts - 1) + ", was " + incastHost);
    }
    this.incastHost = incastHost;
    if (hosts < 2) {
      throw new IllegalArgumentException("a star needs at least 2 hosts, was " + hosts);
    }
    this.hosts = hosts;
    this.link = link;
    this.switchSettings =
        new SwitchSettings(Collections.nCopies(hosts, link), bufferBytes, forwardingPs);
    this.payloadBytes = payloadBytes;
    this.intervalPs = intervalPs;
    this.stopPs = stopPs;
    new TrafficSpec(0, payloadBytes, intervalPs, stopPs, 1);
    if (payloadBytes > link.mtuBytes()) {
      throw new IllegalArgumentException(
          "payload " + payloadBytes + " bytes exceeds the MTU of " + link.mtuBytes());
    }
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
            payloadBytes,
            intervalPs,
            id < senders ? stopPs : 0,
            1);
    return new TrafficHost(macOf(id), flow, link, new Attachment(hosts, id), 64 * 1024);
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec();
  }

  /** Registered as {@code eth-star}. Parameters carry their units in their names. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "eth-star";
    }

    @Override
    public Model create(Map<String, String> p) {
      ModelFactory.requireKnown(
          name(),
          p,
          java.util.Set.of(
              "rateBitsPerSec",
              "propagationPs",
              "mtuBytes",
              "hosts",
              "senders",
              "incastHost",
              "switchBufferBytes",
              "forwardingPs",
              "payloadBytes",
              "intervalPs",
              "stopPs"));
      LinkSettings link =
          new LinkSettings(
              Long.parseLong(p.getOrDefault("rateBitsPerSec", "10000000000")),
              Long.parseLong(p.getOrDefault("propagationPs", "1000000")),
              Integer.parseInt(p.getOrDefault("mtuBytes", "1500")));
      int hosts = Integer.parseInt(p.getOrDefault("hosts", "2"));
      return new StarTopologyModel(
          hosts,
          Integer.parseInt(p.getOrDefault("senders", Integer.toString(hosts))),
          Integer.parseInt(p.getOrDefault("incastHost", "-1")),
          link,
          Long.parseLong(p.getOrDefault("switchBufferBytes", Long.toString(512 * 1024))),
          Long.parseLong(p.getOrDefault("forwardingPs", "500000")),
          Integer.parseInt(p.getOrDefault("payloadBytes", "1500")),
          Long.parseLong(p.getOrDefault("intervalPs", "0")),
          Long.parseLong(p.getOrDefault("stopPs", Long.toString(Long.MAX_VALUE))));
    }
  }
}
