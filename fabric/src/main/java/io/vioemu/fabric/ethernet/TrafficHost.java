package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.TimedEvent;

/**
 * A host reduced to its NIC and a packet generator, as a hardware traffic generator (or Linux
 * pktgen) would drive it: one flow of equal frames to one MAC, either back to back at line rate or
 * one every {@code intervalPs}, from time 0 until {@code stopPs}; frames addressed to it are
 * counted. Frames that find the NIC's queue full are dropped there and counted.
 */
public final class TrafficHost implements Entity {
  /** A generator tick: the next frame of the flow is due. */
  static final int TICK = 110;

  private final HostPort port;

  /**
   * @param nicBufferBytes the NIC's transmit queue in frame bytes
   */
  public TrafficHost(
      long mac, TrafficSpec spec, LinkSettings link, Attachment uplink, long nicBufferBytes) {
    this.port = new HostPort(mac, spec, link, uplink, nicBufferBytes);
  }

  @Override
  public void onStart(EntityContext ctx) {
    port.bind(ctx);
    TrafficSpec spec = port.spec();
    if (spec.stopPs() <= 0) {
      return;
    }
    if (spec.lineRate()) {
      // One frame on the wire and one waiting: the next is always ready when the wire frees.
      port.nic().enqueue(port.nextFrame(), 0);
      port.nic().enqueue(port.nextFrame(), 0);
    } else {
      ctx.send(ctx.entityId(), 0, 0, TICK, 0, null);
    }
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    port.bind(ctx);
    TrafficSpec spec = port.spec();
    long now = ctx.nowPs();
    switch (event.kind()) {
      case FabricEvents.FRAME -> {
        Frame frame = (Frame) event.payload();
        if (port.accepts(frame)) {
          port.delivered(frame.payloadBytes(), now);
        }
      }
      case FabricEvents.TX_FREE -> {
        port.nic().onTransmitterFree(now);
        if (spec.lineRate() && now < spec.stopPs()) {
          port.nic().enqueue(port.nextFrame(), now);
        }
      }
      case TICK -> {
        port.nic().enqueue(port.nextFrame(), now);
        if (now + spec.intervalPs() < spec.stopPs()) {
          ctx.send(ctx.entityId(), spec.intervalPs(), 0, TICK, 0, null);
        }
      }
      default -> throw new IllegalArgumentException("host got unknown event kind " + event.kind());
    }
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
  }
}
