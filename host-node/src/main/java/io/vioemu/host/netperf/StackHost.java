package io.vioemu.host.netperf;

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
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.net.InterruptModeration;
import io.vioemu.host.tcp.Segment;
import io.vioemu.host.tcp.TcpConnection;
import io.vioemu.host.tcp.TcpPorts;
import io.vioemu.host.udp.Datagram;
import io.vioemu.host.udp.UdpPorts;
import io.vioemu.host.udp.UdpSocket;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IommuStrategy;
import io.vioemu.host.virt.VirtualIo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare-metal host running netperf endpoints over a kernel TCP/UDP stack, every step of which
 * costs cycles on a core:
 *
 * <ul>
 *   <li>receive: the NIC lands frames in its ring and interrupts (moderated); core 0 runs the
 *       interrupt, then polls the ring NAPI-style, one packet at a time, with interrupts off: the
 *       driver per frame, optional GRO merging of what has landed, and the stack per packet, then
 *       the transport sees the packet;
 *   <li>send: a send call (syscall, application work, copy) runs on the application core, then TCP
 *       or UDP hands packets to IP, whose stack and driver cycles run on the core that is sending
 *       (the application core from a send call, core 0 from an ACK or a timer); a TSO super-segment
 *       costs that once and is cut into frames by the NIC;
 *   <li>a host queue (the qdisc) feeds the NIC one frame ahead of the wire, and tells each socket
 *       when its bytes have left, which is what TCP small queues and UDP send buffers wait for.
 * </ul>
 */
public final class StackHost implements Entity, TcpPorts, UdpPorts, AppCpu {
  static final int START = 130;
  static final int APP_DONE = 131;
  static final int STACK_RX = 132;
  static final int TX_READY = 133;
  static final int TCP_TIMER = 134;
  static final int IRQ_TIMER = 135;
  static final int HOST_POLL = 136;

  private record Queued(Frame frame, int flowId, long drainBytes) {}

  private final long mac;
  private final NetperfSettings settings;
  private final HostCosts costs;
  private final HostPort port;
  private final CoreModel[] cores;
  private final InterruptModeration moderation;
  private final int guestCores;
  private final VirtualIo io;
  private boolean guestInterruptDue;
  private final List<NetperfApp> apps = new ArrayList<>();
  private final Map<Integer, Integer> appIndex = new HashMap<>();
  private final Map<Integer, TcpConnection> tcp = new HashMap<>();
  private final Map<Integer, UdpSocket> udp = new HashMap<>();
  private final ArrayDeque<Frame> landed = new ArrayDeque<>();
  private final ArrayDeque<Queued> qdisc = new ArrayDeque<>();
  private EntityContext ctx;
  private int handlingPriority;
  private CoreModel here;
  private long frameSeq;
  private int inRing;
  private boolean polling;
  private long rxRingDrops;
  private long interrupts;
  private long stackPackets;
  private long maxQdiscFrames;

  public StackHost(
      long mac,
      List<FlowEnd> ends,
      NetperfSettings settings,
      IoModel ioModel,
      LinkSettings link,
      Attachment uplink) {
    this.mac = mac;
    this.settings = settings;
    this.costs = settings.costs();
    TrafficSpec none = new TrafficSpec(Frame.BROADCAST, link.mtuBytes(), 0, 0, 1);
    this.port = new HostPort(mac, none, link, uplink, 2L * Ethernet.frameBytes(link.mtuBytes()));
    // a VM's vCPUs are the first cores; one more host core runs a software back-end
    boolean backEnd = !ioModel.directAssignment();
    this.cores = new CoreModel[settings.cores() + (backEnd ? 1 : 0)];
    for (int c = 0; c < cores.length; c++) {
      cores[c] = new CoreModel(costs.clockHz());
    }
    this.guestCores = settings.cores();
    this.io =
        new VirtualIo(
            ioModel,
            settings.virt(),
            costs,
            settings.postedInterrupts(),
            settings.iommu(),
            settings.deferredBatch(),
            backEnd ? cores[cores.length - 1] : null);
    this.moderation = new InterruptModeration(settings.coalesceFrames(), settings.coalescePs());
    for (FlowEnd end : ends) {
      int id = end.flowId();
      AppSocket socket = settings.test().tcp() ? tcpSocket(id) : udpSocket(id);
      appIndex.put(id, apps.size());
      apps.add(new NetperfApp(end, settings, socket, this));
    }
  }

  private AppSocket tcpSocket(int id) {
    TcpConnection c = new TcpConnection(id, settings.tcp(), this);
    tcp.put(id, c);
    return new AppSocket() {
      @Override
      public boolean canSend(int bytes) {
        return c.sendSpaceBytes() >= bytes;
      }

      @Override
      public void write(int bytes, long nowPs) {
        c.write(bytes, nowPs);
      }

      @Override
      public long readable() {
        return c.readableBytes();
      }

      @Override
      public long read(long maxBytes, long nowPs) {
        return c.read(maxBytes, nowPs);
      }
    };
  }

  private AppSocket udpSocket(int id) {
    UdpSocket s = new UdpSocket(id, settings.udpBufferBytes(), settings.udpBufferBytes(), this);
    udp.put(id, s);
    return new AppSocket() {
      @Override
      public boolean canSend(int bytes) {
        return s.sendSpaceBytes() >= bytes + Datagram.HEADER_BYTES;
      }

      @Override
      public void write(int bytes, long nowPs) {
        s.send(bytes, nowPs);
      }

      @Override
      public long readable() {
        return Math.max(0, s.nextReadableBytes());
      }

      @Override
      public long read(long maxBytes, long nowPs) {
        return Math.max(0, s.read());
      }
    };
  }

  private CoreModel softirqCore() {
    return cores[0];
  }

  private CoreModel appCore() {
    return cores[guestCores - 1];
  }

  @Override
  public void onStart(EntityContext ctx) {
    bind(ctx);
    // every end starts: a MAERTS server sends first, and nothing else would wake it
    for (int i = 0; i < apps.size(); i++) {
      self(apps.get(i).end().startPs(), START, i, null);
    }
  }

  private void bind(EntityContext ctx) {
    this.ctx = ctx;
    port.bind(ctx);
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    bind(ctx);
    handlingPriority = event.priority();
    long now = ctx.nowPs();
    switch (event.kind()) {
      case FabricEvents.FRAME -> onFrame((Frame) event.payload(), now);
      case FabricEvents.TX_FREE -> {
        port.nic().onTransmitterFree(now);
        feedNic(now);
      }
      case IRQ_TIMER -> {
        if (event.word() == moderation.generation() && moderation.pending() > 0) {
          interrupt(now);
        }
      }
      case STACK_RX -> onStackRx(event.payload(), (int) event.word(), now);
      case HOST_POLL -> {
        inRing -= (int) event.word();
        pollNext(now);
      }
      case TX_READY -> onTxReady(event.payload(), now);
      case TCP_TIMER -> {
        here = softirqCore();
        tcp.get((int) (event.word() >> 1)).onTimer((int) (event.word() & 1), now);
      }
      case START -> {
        here = appCore();
        apps.get((int) event.word()).start(now);
      }
      case APP_DONE -> {
        here = appCore();
        apps.get((int) event.word()).onCallDone(now);
      }
      default -> throw new IllegalArgumentException("host got unknown event kind " + event.kind());
    }
  }

  /**
   * An event to this host. Work that costs no cycles follows at the same instant; it must still
   * order after the event being handled, whoever sent that, so it takes the next priority.
   */
  private void self(long delayPs, int kind, long word, Object payload) {
    int priority = delayPs == 0 ? handlingPriority + 1 : 0;
    ctx.send(ctx.entityId(), delayPs, priority, kind, word, payload);
  }

  // ---- application calls ----

  @Override
  public void sendCall(NetperfApp app, int bytes, long nowPs) {
    CoreModel core = appCore();
    core.run(costs.txSyscallCycles(), Component.SOCKET, nowPs);
    core.run(costs.txAppCyclesPerMessage(), Component.APPLICATION, nowPs);
    long done =
        core.run(
            HostCosts.perBytes(costs.txCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
    self(done - nowPs, APP_DONE, appIndex.get(app.end().flowId()), null);
  }

  @Override
  public void receiveCall(NetperfApp app, int bytes, long nowPs) {
    CoreModel core = appCore();
    core.run(costs.rxSyscallCycles(), Component.SOCKET, nowPs);
    core.run(HostCosts.perBytes(costs.rxCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
    long done = core.run(costs.rxAppCyclesPerMessage(), Component.APPLICATION, nowPs);
    self(done - nowPs, APP_DONE, appIndex.get(app.end().flowId()), null);
  }

  // ---- transport callbacks ----

  @Override
  public void transmit(Segment segment, long nowPs) {
    handDown(segment, segment.packetBytes(), nowPs);
  }

  @Override
  public void transmit(Datagram datagram, long nowPs) {
    handDown(datagram, datagram.packetBytes(), nowPs);
  }

  /** IP, the transport's checksum if the NIC does not, and the driver, on the sending core. */
  private void handDown(Object packet, int packetBytes, long nowPs) {
    CoreModel core = here;
    core.run(costs.txStackCyclesPerFrame(), Component.STACK, nowPs);
    if (!settings.checksumOffload()) {
      core.run(
          HostCosts.perBytes(costs.txChecksumMilliCyclesPerByte(), packetBytes),
          Component.STACK,
          nowPs);
    }
    long done = core.run(costs.txDriverCyclesPerFrame(), Component.DRIVER, nowPs);
    long ready = io.transmit(core, packetBytes, done);
    self(ready - nowPs, TX_READY, 0, packet);
  }

  @Override
  public void armTimer(int connId, int timer, long atPs) {
    self(atPs - ctx.nowPs(), TCP_TIMER, ((long) connId << 1) | timer, null);
  }

  @Override
  public void readable(int flowId, long nowPs) {
    apps.get(appIndex.get(flowId)).onSocketEvent(nowPs);
  }

  @Override
  public void writable(int flowId, long nowPs) {
    apps.get(appIndex.get(flowId)).onSocketEvent(nowPs);
  }

  // ---- below IP: the qdisc and the NIC ----

  private void onTxReady(Object packet, long now) {
    if (packet instanceof Segment s) {
      long peer = apps.get(appIndex.get(s.connId())).end().peerMac();
      int mss = settings.tcp().mssBytes();
      for (long from = s.seq(); from < s.endSeq() || from == s.seq(); from += mss) {
        int len = (int) Math.min(mss, s.endSeq() - from);
        boolean last = from + len >= s.endSeq();
        Segment piece = len == s.lenBytes() ? s : s.slice(from, len);
        qdisc.add(
            new Queued(
                frame(peer, s.connId(), piece.packetBytes(), piece),
                s.connId(),
                last ? s.packetBytes() : 0));
        if (last) {
          break;
        }
      }
    } else {
      Datagram d = (Datagram) packet;
      long peer = apps.get(appIndex.get(d.flowId())).end().peerMac();
      qdisc.add(
          new Queued(frame(peer, d.flowId(), d.packetBytes(), d), d.flowId(), d.packetBytes()));
    }
    maxQdiscFrames = Math.max(maxQdiscFrames, qdisc.size());
    feedNic(now);
  }

  private Frame frame(long dstMac, int flowId, int packetBytes, Object body) {
    return new Frame(mac, dstMac, packetBytes, flowId, frameSeq++, body);
  }

  /** Keeps one frame waiting in the NIC behind the one on the wire; the rest wait here. */
  private void feedNic(long now) {
    while (port.nic().queuedFrames() == 0 && !qdisc.isEmpty()) {
      Queued q = qdisc.poll();
      port.nic().enqueue(q.frame(), now);
      if (q.drainBytes() > 0) {
        here = softirqCore();
        if (settings.test().tcp()) {
          tcp.get(q.flowId()).onDrained(q.drainBytes(), now);
        } else {
          udp.get(q.flowId()).onDrained(q.drainBytes(), now);
        }
      }
    }
  }

  // ---- receiving ----

  private void onFrame(Frame frame, long now) {
    if (!port.accepts(frame)) {
      return;
    }
    if (inRing >= settings.rxRingFrames()) {
      rxRingDrops++;
      return;
    }
    inRing++;
    landed.add(frame);
    if (polling) {
      return; // NAPI: interrupts stay off while the driver polls; it will find this frame
    }
    if (moderation.onFrame()) {
      interrupt(now);
    } else if (moderation.timerNeeded()) {
      self(moderation.maxDelayPs(), IRQ_TIMER, moderation.generation(), null);
    }
  }

  /** The interrupt switches the driver to polling (NAPI) until the ring is empty. */
  private void interrupt(long now) {
    interrupts++;
    CoreModel vcpu = softirqCore();
    long t = io.interrupt(vcpu, now);
    if (io.model().directAssignment()) {
      vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, t);
    } else {
      guestInterruptDue = true; // the back-end injects one when it has packets for the guest
    }
    moderation.fire();
    polling = true;
    pollNext(now);
  }

  /**
   * Takes the next packet off the ring, merging (GRO) what has landed behind it. With a software
   * back-end the host's part runs on its own core and the poll goes on when that part is done,
   * while the guest's driver and stack follow on the vCPU; otherwise the poll goes on when the
   * stack is done with the packet, one at a time as NAPI does.
   */
  private void pollNext(long now) {
    Frame f = landed.poll();
    if (f == null) {
      polling = false;
      return;
    }
    port.delivered(f.payloadBytes(), now);
    Object packet = f.body();
    int bytes = f.payloadBytes();
    int frames = 1;
    boolean gro = settings.gro() && packet instanceof Segment first && first.lenBytes() > 0;
    if (gro) {
      Segment s = (Segment) packet;
      while (mergeable(s, landed.peek())) {
        Frame next = landed.poll();
        port.delivered(next.payloadBytes(), now);
        s = merge(s, (Segment) next.body());
        bytes += ((Segment) next.body()).lenBytes();
        frames++;
      }
      packet = s;
    }
    CoreModel vcpu = softirqCore();
    long at = io.receive(vcpu, frames, bytes, now);
    boolean backEnd = !io.model().directAssignment();
    if (backEnd && guestInterruptDue) {
      guestInterruptDue = false;
      at = vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, io.injectToGuest(vcpu, at));
    }
    vcpu.run(costs.rxDriverCyclesPerFrame() * frames, Component.DRIVER, at);
    if (gro) {
      vcpu.run(costs.rxGroCyclesPerFrame() * frames, Component.STACK, at);
    }
    if (!settings.checksumOffload()) {
      vcpu.run(
          HostCosts.perBytes(costs.rxChecksumMilliCyclesPerByte(), bytes), Component.STACK, at);
    }
    long done = vcpu.run(costs.rxStackCyclesPerFrame(), Component.STACK, at);
    stackPackets++;
    if (backEnd) {
      self(done - now, STACK_RX, 0, packet);
      self(at - now, HOST_POLL, frames, null);
    } else {
      self(done - now, STACK_RX, frames, packet);
    }
  }

  private static Segment merge(Segment s, Segment n) {
    return new Segment(
        s.connId(),
        s.seq(),
        n.ack(),
        s.lenBytes() + n.lenBytes(),
        n.windowBytes(),
        s.headerBytes(),
        s.tsValPs(),
        s.tsEcrPs());
  }

  /** GRO merges the next in-order data segment of the same connection with the same ACK. */
  private static boolean mergeable(Segment s, Frame next) {
    return next != null
        && next.body() instanceof Segment n
        && n.connId() == s.connId()
        && n.seq() == s.endSeq()
        && n.ack() == s.ack()
        && n.lenBytes() > 0
        && s.packetBytes() + n.lenBytes() <= NetperfSettings.GRO_MAX_BYTES;
  }

  private void onStackRx(Object packet, int frames, long now) {
    inRing -= frames;
    here = softirqCore();
    if (packet instanceof Segment s) {
      tcp.get(s.connId()).onSegment(s, now);
    } else {
      Datagram d = (Datagram) packet;
      udp.get(d.flowId()).onDatagram(d, now);
    }
    if (io.model().directAssignment()) {
      pollNext(now); // with a back-end, HOST_POLL drives the poll
    }
  }

  // ---- metrics ----

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
    sink.put("rxRingDrops", rxRingDrops);
    sink.put("rxInterrupts", interrupts);
    sink.put("rxStackPackets", stackPackets);
    sink.put("maxQdiscFrames", maxQdiscFrames);
    if (io.model().virtualized() || settings.iommu() != IommuStrategy.OFF) {
      io.reportMetrics(sink);
    }
    for (int c = 0; c < cores.length; c++) {
      sink.put("core" + c + ".busyPs", cores[c].totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put("core" + c + "." + comp.metricName() + "Ps", cores[c].busyPs(comp));
      }
    }
    for (NetperfApp app : apps) {
      int id = app.end().flowId();
      String prefix = "flow" + id + ".";
      app.reportMetrics(prefix, sink);
      TcpConnection c = tcp.get(id);
      if (c != null) {
        TcpMetrics.report(c, prefix, sink);
      }
      UdpSocket s = udp.get(id);
      if (s != null) {
        sink.put(prefix + "datagramsSent", s.datagramsSent());
        sink.put(prefix + "datagramsReceived", s.datagramsReceived());
        sink.put(prefix + "receiveBufferDrops", s.receiveBufferDrops());
        sink.put(prefix + "sequenceGaps", s.sequenceGaps());
      }
    }
  }
}
