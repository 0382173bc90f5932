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
public final class TrafficHost implements Entity, TxPortPorts {
  /** A generator tick: the next frame of the flow is due. */
  static final int TICK = 110;

  private final long mac;
  private final TrafficSpec spec;
  private final Attachment uplink;
  private final TxPortModel nic;
  private EntityContext ctx;
  private long seq;
  private long rxFrames;
  private long rxPayloadBytes;
  private long firstRxPs = -1;
  private long lastRxPs = -1;

  /**
   * @param nicBufferBytes the NIC's transmit queue in frame bytes
   */
  public TrafficHost(
      long mac, TrafficSpec spec, LinkSettings link, Attachment uplink, long nicBufferBytes) {
    this.mac = mac;
    this.spec = spec;
    this.uplink = uplink;
    this.nic =
        new TxPortModel(
            link, Math.max(nicBufferBytes, Ethernet.frameBytes(spec.payloadBytes())), this);
  }

  @Override
  public void onStart(EntityContext ctx) {
    this.ctx = ctx;
    if (spec.stopPs() <= 0) {
      return;
    }
    if (spec.lineRate()) {
      // One frame on the wire and one waiting: the next is always ready when the wire frees.
      nic.enqueue(next(), 0);
      nic.enqueue(next(), 0);
    } else {
      ctx.send(ctx.entityId(), 0, 0, TICK, 0, null);
    }
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    long now = ctx.nowPs();
    switch (event.kind()) {
      case FabricEvents.FRAME -> receive((Frame) event.payload(), now);
      case FabricEvents.TX_FREE -> {
        nic.onTransmitterFree(now);
        if (spec.lineRate() && now < spec.stopPs()) {
          nic.enqueue(next(), now);
        }
      }
      case TICK -> {
        nic.enqueue(next(), now);
        if (now + spec.intervalPs() < spec.stopPs()) {
          ctx.send(ctx.entityId(), spec.intervalPs(), 0, TICK, 0, null);
        }
      }
      default -> throw new IllegalArgumentException("host got unknown event kind " + event.kind());
    }
  }

  private void receive(Frame frame, long now) {
    if (frame.dstMac() != mac && frame.dstMac() != Frame.BROADCAST) {
      return; // a NIC filters frames for other stations (the switch flooded an unknown MAC)
    }
    rxFrames++;
    rxPayloadBytes += frame.payloadBytes();
    if (firstRxPs < 0) {
      firstRxPs = now;
    }
    lastRxPs = now;
  }

  private Frame next() {
    long flow = (mac << 16) | (seq % spec.flows());
    return new Frame(mac, spec.dstMac(), spec.payloadBytes(), flow, seq++, null);
  }

  @Override
  public void transmit(Frame frame, long arrivalPs) {
    ctx.send(
        uplink.peerEntity(),
        arrivalPs - ctx.nowPs(),
        0,
        FabricEvents.FRAME,
        uplink.peerPort(),
        frame);
  }

  @Override
  public void wakeAt(long atPs) {
    ctx.send(ctx.entityId(), atPs - ctx.nowPs(), 0, FabricEvents.TX_FREE, 0, null);
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    sink.put("txFrames", nic.counters().txFrames());
    sink.put("txDrops", nic.counters().drops());
    sink.put("rxFrames", rxFrames);
    sink.put("rxPayloadBytes", rxPayloadBytes);
    sink.put("firstRxPs", firstRxPs);
    sink.put("lastRxPs", lastRxPs);
  }
}
