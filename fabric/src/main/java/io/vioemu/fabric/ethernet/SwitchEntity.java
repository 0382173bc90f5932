package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.TimedEvent;

/** A {@link SwitchModel} as a kernel entity: frames arrive and leave as events on its links. */
public final class SwitchEntity implements Entity, SwitchPorts {
  private final SwitchModel model;
  private final Attachment[] attachments;
  private EntityContext ctx;

  /**
   * @param attachments the far end of each port's link, by port index
   */
  public SwitchEntity(SwitchSettings settings, Attachment[] attachments) {
    this(settings, new LearningTable(), attachments);
  }

  /**
   * @param table how frames are routed (learning, or static routes such as ECMP)
   * @param attachments the far end of each port's link, by port index
   */
  public SwitchEntity(SwitchSettings settings, ForwardingTable table, Attachment[] attachments) {
    if (attachments.length != settings.portCount()) {
      throw new IllegalArgumentException(
          "switch has "
              + settings.portCount()
              + " ports but "
              + attachments.length
              + " attachments");
    }
    this.attachments = attachments.clone();
    this.model = new SwitchModel(settings, table, this);
  }

  @Override
  public void onStart(EntityContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    int port = (int) event.word();
    switch (event.kind()) {
      case FabricEvents.FRAME -> model.onFrame(port, (Frame) event.payload(), ctx.nowPs());
      case FabricEvents.TX_FREE -> model.onTransmitterFree(port, ctx.nowPs());
      case FabricEvents.FORWARD ->
          model.onForwardingDone(port, (Frame) event.payload(), ctx.nowPs());
      default ->
          throw new IllegalArgumentException("switch got unknown event kind " + event.kind());
    }
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    report(model, attachments.length, sink);
  }

  /** A switch's counters: flooded and filtered frames, then each port's. */
  public static void report(SwitchModel model, int ports, MetricSink sink) {
    sink.put("floodedFrames", model.floodedFrames());
    sink.put("filteredFrames", model.filteredFrames());
    for (int p = 0; p < ports; p++) {
      PortCounters c = model.port(p).counters();
      sink.put("port" + p + ".txFrames", c.txFrames());
      sink.put("port" + p + ".drops", c.drops());
      sink.put("port" + p + ".maxQueuedBytes", c.maxQueuedBytes());
    }
  }

  @Override
  public void transmit(int port, Frame frame, long arrivalPs) {
    Attachment far = attachments[port];
    ctx.send(
        far.peerEntity(), arrivalPs - ctx.nowPs(), 0, FabricEvents.FRAME, far.peerPort(), frame);
  }

  @Override
  public void wakeAt(int port, long atPs) {
    ctx.send(ctx.entityId(), atPs - ctx.nowPs(), 0, FabricEvents.TX_FREE, port, null);
  }

  @Override
  public long randomBelow(long bound) {
    return ctx.random().nextLong(bound);
  }

  @Override
  public void forwardAt(int ingressPort, Frame frame, long atPs) {
    ctx.send(ctx.entityId(), atPs - ctx.nowPs(), 0, FabricEvents.FORWARD, ingressPort, frame);
  }
}
