package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;

/**
 * A host's Ethernet port, shared by every kind of host: its MAC, the NIC's transmit queue on its
 * uplink, the flow it generates, and the count of what it received. The owning entity calls {@link
 * #bind} with its context before using the port in an event handler.
 */
public final class HostPort implements TxPortPorts {
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
   * @param nicBufferBytes the NIC's transmit queue in frame bytes (at least one frame)
   */
  public HostPort(
      long mac, TrafficSpec spec, LinkSettings link, Attachment uplink, long nicBufferBytes) {
    this.mac = mac;
    this.spec = spec;
    this.uplink = uplink;
    this.nic =
        new TxPortModel(
            link, Math.max(nicBufferBytes, Ethernet.frameBytes(spec.payloadBytes())), this);
  }

  public void bind(EntityContext ctx) {
    this.ctx = ctx;
  }

  public TrafficSpec spec() {
    return spec;
  }

  public TxPortModel nic() {
    return nic;
  }

  /** A NIC takes frames for its own MAC and broadcasts; a switch floods others to it too. */
  public boolean accepts(Frame frame) {
    return frame.dstMac() == mac || frame.dstMac() == Frame.BROADCAST;
  }

  /** The flow's next frame; frames rotate over the spec's flows. */
  public Frame nextFrame() {
    long flow = (mac << 16) | (seq % spec.flows());
    return new Frame(mac, spec.dstMac(), spec.payloadBytes(), flow, seq++, null);
  }

  /** A frame of the host's own choosing (a reply, say), on the flow towards {@code dstMac}. */
  public Frame frameTo(long dstMac, int payloadBytes) {
    return new Frame(mac, dstMac, payloadBytes, (mac << 16) | (dstMac & 0xFFFF), seq++, null);
  }

  /** A received frame reached the application. */
  public void delivered(int payloadBytes, long nowPs) {
    rxFrames++;
    rxPayloadBytes += payloadBytes;
    if (firstRxPs < 0) {
      firstRxPs = nowPs;
    }
    lastRxPs = nowPs;
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

  public void reportMetrics(MetricSink sink) {
    sink.put("txFrames", nic.counters().txFrames());
    sink.put("txDrops", nic.counters().drops());
    sink.put("rxFrames", rxFrames);
    sink.put("rxPayloadBytes", rxPayloadBytes);
    sink.put("firstRxPs", firstRxPs);
    sink.put("lastRxPs", lastRxPs);
  }
}
