package io.vioemu.host.net;

import io.vioemu.fabric.ethernet.Attachment;
import io.vioemu.fabric.ethernet.Ethernet;
import io.vioemu.fabric.ethernet.FabricEvents;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.HostPort;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.event.EventKind;
import io.vioemu.host.event.EventTable;
import java.util.ArrayDeque;

/**
 * A bare-metal host whose network software costs CPU. A received frame waits in the NIC's receive
 * ring until its core has run the interrupt, the driver, the stack, the copy to the application and
 * the application's own work on it; a full ring drops the frame. A frame to send is first produced
 * by the application, copied, and pushed through the stack and driver on the sending core, then
 * handed to the NIC. With one core both directions share it; with two, receive runs on core 0 and
 * send on core 1. Whether the wire or a core is the bottleneck follows from the costs.
 */
public final class NetHost implements Entity {
  /** The host's events to itself. */
  public enum Event implements EventKind {
    /** A received frame is through the stack and the application; payload the frame. */
    RX_DONE(120),
    /** A frame to send is through the stack and driver; payload the frame. */
    TX_READY(121),
    /** The application writes its next frame (traffic at intervals). */
    TICK(122),
    /** The interrupt moderation timer; word: its generation. */
    IRQ_TIMER(123);

    private static final EventTable<Event> TABLE = new EventTable<>(values());
    private final int id;

    Event(int id) {
      this.id = id;
    }

    @Override
    public int id() {
      return id;
    }

    static Event of(int id) {
      return TABLE.of(id);
    }
  }

  private final HostPort port;
  private final HostCosts costs;
  private final CoreModel[] cores;
  private final int rxRingFrames;
  private final InterruptModeration moderation;
  private final RequestResponse requestResponse;
  private final ArrayDeque<Frame> landed = new ArrayDeque<>();
  private long interrupts;
  private long landedFrames;
  private EntityContext ctx;
  private int inRing;
  private long rxRingDrops;

  /**
   * @param cores 1 or 2
   * @param rxRingFrames receive descriptors: frames that may wait for the CPU
   * @param moderation when the NIC interrupts the receiving core
   * @param requestResponse null to stream; else request/response transactions (the spec's payload
   *     is the request size; hosts that do not send are servers)
   */
  public NetHost(
      long mac,
      TrafficSpec spec,
      LinkSettings link,
      Attachment uplink,
      HostCosts costs,
      int cores,
      int rxRingFrames,
      InterruptModeration moderation,
      RequestResponse requestResponse) {
    if (cores < 1 || cores > 2) {
      throw new IllegalArgumentException("cores must be 1 or 2, was " + cores);
    }
    if (rxRingFrames < 1) {
      throw new IllegalArgumentException("rxRingFrames must be >= 1, was " + rxRingFrames);
    }
    this.port =
        new HostPort(mac, spec, link, uplink, 2L * Ethernet.frameBytes(spec.payloadBytes()));
    this.costs = costs;
    this.rxRingFrames = rxRingFrames;
    this.moderation = moderation;
    this.requestResponse = requestResponse;
    this.cores = new CoreModel[cores];
    for (int c = 0; c < cores; c++) {
      this.cores[c] = new CoreModel(costs.clockHz());
    }
  }

  private CoreModel rxCore() {
    return cores[0];
  }

  private CoreModel txCore() {
    return cores[cores.length - 1];
  }

  @Override
  public void onStart(EntityContext ctx) {
    this.ctx = ctx;
    port.bind(ctx);
    TrafficSpec spec = port.spec();
    if (spec.stopPs() <= 0) {
      return;
    }
    if (requestResponse != null) {
      startRequest(0);
    } else if (spec.lineRate()) {
      // Two frames in preparation or in the NIC: the next is ready when the wire frees, if the CPU
      // keeps up.
      prepare(port.nextFrame(), 0);
      prepare(port.nextFrame(), 0);
    } else {
      ctx.send(ctx.entityId(), 0, 0, Event.TICK.id(), 0, null);
    }
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    port.bind(ctx);
    TrafficSpec spec = port.spec();
    long now = ctx.nowPs();
    switch (event.kind()) {
      case FabricEvents.FRAME -> receive((Frame) event.payload(), now);
      case FabricEvents.TX_FREE -> {
        port.nic().onTransmitterFree(now);
        if (requestResponse == null && spec.lineRate() && now < spec.stopPs()) {
          prepare(port.nextFrame(), now);
        }
      }
      default -> onOwnEvent(event, spec, now);
    }
  }

  private void onOwnEvent(TimedEvent event, TrafficSpec spec, long now) {
    Event kind = Event.of(event.kind());
    if (kind == null) {
      throw new IllegalArgumentException("host got unknown event kind " + event.kind());
    }
    switch (kind) {
      case RX_DONE -> delivered((Frame) event.payload(), now);
      case IRQ_TIMER -> {
        if (event.word() == moderation.generation() && moderation.pending() > 0) {
          interrupt(now);
        }
      }
      case TX_READY -> port.nic().enqueue((Frame) event.payload(), now);
      case TICK -> {
        prepare(port.nextFrame(), now);
        if (now + spec.intervalPs() < spec.stopPs()) {
          ctx.send(ctx.entityId(), spec.intervalPs(), 0, Event.TICK.id(), 0, null);
        }
      }
    }
  }

  /** The application writes {@code frame}; it reaches the NIC when the sending core is done. */
  private void prepare(Frame frame, long now) {
    CoreModel core = txCore();
    int bytes = frame.payloadBytes();
    core.run(costs.txAppCyclesPerMessage(), Component.APPLICATION, now);
    core.run(HostCosts.perBytes(costs.txCopyMilliCyclesPerByte(), bytes), Component.SOCKET, now);
    core.run(costs.txStackCyclesPerFrame(), Component.STACK, now);
    long readyPs = core.run(costs.txDriverCyclesPerFrame(), Component.DRIVER, now);
    ctx.send(ctx.entityId(), readyPs - now, 0, Event.TX_READY.id(), 0, frame);
  }

  private void receive(Frame frame, long now) {
    if (!port.accepts(frame)) {
      return;
    }
    if (inRing >= rxRingFrames) {
      rxRingDrops++;
      return;
    }
    inRing++;
    landedFrames++;
    landed.add(frame);
    if (moderation.onFrame()) {
      interrupt(now);
    } else if (moderation.timerNeeded()) {
      ctx.send(
          ctx.entityId(),
          moderation.maxDelayPs(),
          0,
          Event.IRQ_TIMER.id(),
          moderation.generation(),
          null);
    }
  }

  /** One interrupt, then the driver, stack, socket and application for every frame it covers. */
  private void interrupt(long now) {
    interrupts++;
    CoreModel core = rxCore();
    core.run(costs.rxInterruptCycles(), Component.INTERRUPT, now);
    for (int n = moderation.fire(); n > 0; n--) {
      Frame frame = landed.poll();
      int bytes = frame.payloadBytes();
      core.run(costs.rxDriverCyclesPerFrame(), Component.DRIVER, now);
      core.run(costs.rxStackCyclesPerFrame(), Component.STACK, now);
      core.run(HostCosts.perBytes(costs.rxCopyMilliCyclesPerByte(), bytes), Component.SOCKET, now);
      long donePs = core.run(costs.rxAppCyclesPerMessage(), Component.APPLICATION, now);
      ctx.send(ctx.entityId(), donePs - now, 0, Event.RX_DONE.id(), bytes, frame);
    }
  }

  private void delivered(Frame frame, long now) {
    inRing--;
    port.delivered(frame.payloadBytes(), now);
    if (requestResponse == null) {
      return;
    }
    if (port.spec().stopPs() <= 0) {
      // the server answers every request, to whoever sent it
      prepare(port.frameTo(frame.srcMac(), requestResponse.responseBytes()), now);
      return;
    }
    requestResponse.completed(now);
    if (now < port.spec().stopPs()) {
      startRequest(now);
    }
  }

  /** netperf-style RR: one transaction outstanding; the next request follows the response. */
  private void startRequest(long now) {
    requestResponse.started(now);
    prepare(port.nextFrame(), now);
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
    sink.put("rxRingDrops", rxRingDrops);
    sink.put("rxInterrupts", interrupts);
    sink.put("rxLandedFrames", landedFrames);
    if (requestResponse != null && port.spec().stopPs() > 0) {
      requestResponse.reportMetrics(sink);
    }
    for (int c = 0; c < cores.length; c++) {
      sink.put("core" + c + ".busyPs", cores[c].totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put("core" + c + "." + comp.metricName() + "Ps", cores[c].busyPs(comp));
      }
    }
  }
}
