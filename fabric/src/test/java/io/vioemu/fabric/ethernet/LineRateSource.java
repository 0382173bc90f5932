package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.TimedEvent;

/** A NIC that keeps its transmitter busy with one flow of equal frames until {@code untilPs}. */
final class LineRateSource implements Entity, TxPortPorts {
  private final long mac;
  private final long dstMac;
  private final int payloadBytes;
  private final Attachment link;
  private final long untilPs;
  private final TxPortModel nic;
  private EntityContext ctx;
  private long seq;

  LineRateSource(
      long mac,
      long dstMac,
      int payloadBytes,
      LinkSettings settings,
      Attachment link,
      long untilPs) {
    this.mac = mac;
    this.dstMac = dstMac;
    this.payloadBytes = payloadBytes;
    this.link = link;
    this.untilPs = untilPs;
    // Room for one waiting frame: the next one is always ready when the wire frees.
    this.nic = new TxPortModel(settings, Ethernet.frameBytes(payloadBytes), this);
  }

  TxPortModel nic() {
    return nic;
  }

  @Override
  public void onStart(EntityContext ctx) {
    this.ctx = ctx;
    nic.enqueue(next(), 0);
    nic.enqueue(next(), 0);
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    if (event.kind() == FabricEvents.TX_FREE) {
      nic.onTransmitterFree(ctx.nowPs());
      if (ctx.nowPs() < untilPs) {
        nic.enqueue(next(), ctx.nowPs());
      }
    }
  }

  private Frame next() {
    return new Frame(mac, dstMac, payloadBytes, mac, seq++, null);
  }

  @Override
  public void transmit(Frame frame, long arrivalPs) {
    ctx.send(
        link.peerEntity(), arrivalPs - ctx.nowPs(), 0, FabricEvents.FRAME, link.peerPort(), frame);
  }

  @Override
  public void wakeAt(long atPs) {
    ctx.send(ctx.entityId(), atPs - ctx.nowPs(), 0, FabricEvents.TX_FREE, 0, null);
  }
}
