package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.PayloadCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Test topology: entities 0..n-1 are hosts, entity n a switch whose port i leads to host i, all
 * links alike. Keeps the entities it creates so a test can read their counters (one JVM only).
 */
final class StarModel implements Model {
  final LinkSettings link;
  final int hosts;
  final SwitchSettings switchSettings;
  private final IntFunction<Entity> hostFactory;
  final List<Entity> created = new ArrayList<>();

  StarModel(
      int hosts,
      LinkSettings link,
      long bufferBytes,
      long forwardingPs,
      IntFunction<Entity> hostFactory) {
    this.hosts = hosts;
    this.link = link;
    this.switchSettings =
        new SwitchSettings(java.util.Collections.nCopies(hosts, link), bufferBytes, forwardingPs);
    this.hostFactory = hostFactory;
  }

  static long mac(int host) {
    return 0x02_00_00_00_00_00L + host;
  }

  /** The attachment a host uses: the switch's port with the host's index. */
  Attachment uplink(int host) {
    return new Attachment(hosts, host);
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
    Entity e;
    if (id == hosts) {
      Attachment[] ports = new Attachment[hosts];
      for (int h = 0; h < hosts; h++) {
        ports[h] = new Attachment(h, 0);
      }
      e = new SwitchEntity(switchSettings, ports);
    } else {
      e = hostFactory.apply(id);
    }
    synchronized (created) {
      while (created.size() <= id) {
        created.add(null);
      }
      created.set(id, e);
    }
    return e;
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec();
  }

  SwitchModel switchModel() {
    return ((SwitchEntity) created.get(hosts)).model();
  }
}
