package io.vioemu.fabric.cluster;

import io.vioemu.fabric.ethernet.Attachment;
import io.vioemu.fabric.ethernet.FabricEvents;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.HostPort;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.TimedEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * A test host: streams its spec at line rate (as a traffic generator) or, with {@code ping}, sends
 * one frame at time 0 and records when the echo comes back; echoes every frame it receives that is
 * marked as a ping; counts frames that arrive out of order within their flow.
 */
final class ProbeHost implements Entity {
  private static final long PING_FLOW = 0xEC40;

  private final HostPort port;
  private final long mac;
  private final boolean ping;
  private final Map<Long, Long> lastSeq = new HashMap<>();
  private long reordered;
  private long rttPs = -1;

  ProbeHost(long mac, TrafficSpec spec, LinkSettings link, Attachment uplink, boolean ping) {
    this.port = new HostPort(mac, spec, link, uplink, 64 * 1024);
    this.mac = mac;
    this.ping = ping;
  }

  @Override
  public void onStart(EntityContext ctx) {
    port.bind(ctx);
    TrafficSpec spec = port.spec();
    if (ping) {
      port.nic().enqueue(new Frame(mac, spec.dstMac(), spec.payloadBytes(), PING_FLOW, 0, 1), 0);
    } else if (spec.stopPs() > 0) {
      port.nic().enqueue(port.nextFrame(), 0);
      port.nic().enqueue(port.nextFrame(), 0);
    }
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    port.bind(ctx);
    long now = ctx.nowPs();
    if (event.kind() == FabricEvents.FRAME) {
      Frame f = (Frame) event.payload();
      if (!port.accepts(f)) {
        return;
      }
      port.delivered(f.payloadBytes(), now);
      if (f.flowId() == PING_FLOW) {
        if (Integer.valueOf(1).equals(f.body())) {
          port.nic()
              .enqueue(new Frame(f.dstMac(), f.srcMac(), f.payloadBytes(), PING_FLOW, 0, 2), now);
        } else {
          rttPs = now;
        }
        return;
      }
      Long key = f.srcMac() * 31 + f.flowId();
      Long before = lastSeq.put(key, f.seq());
      if (before != null && before > f.seq()) {
        reordered++;
      }
    } else if (event.kind() == FabricEvents.TX_FREE) {
      port.nic().onTransmitterFree(now);
      if (!ping && now < port.spec().stopPs()) {
        port.nic().enqueue(port.nextFrame(), now);
      }
    }
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
    sink.put("reordered", reordered);
    sink.put("rttPs", rttPs);
  }
}
