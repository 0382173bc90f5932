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
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.tcp.Segment;
import io.vioemu.host.tcp.TcpConnection;
import io.vioemu.host.tcp.TcpPorts;
import io.vioemu.host.udp.Datagram;
import io.vioemu.host.udp.UdpPorts;
import io.vioemu.host.udp.UdpSocket;
import io.vioemu.host.virt.IoModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host running netperf endpoints over kernel TCP/UDP stacks, in its native OS or in VMs ({@link
 * GuestOs}), every step of which costs cycles on a CPU:
 *
 * <ul>
 *   <li>receive: the NIC writes frames over its PCIe link into the addressed guest's ring and
 *       interrupts (moderated); the interrupt costs what the guest's I/O model makes it cost, then
 *       the driver polls the ring NAPI-style with interrupts off: a software back-end's host part
 *       per packet on its host core, then the guest's driver per frame, optional GRO merging of
 *       what has landed, and the stack per packet, after which the transport sees the packet;
 *   <li>send: a send call (syscall, application work, copy) runs on the guest's application CPU,
 *       then TCP or UDP hands packets to IP, whose stack and driver cycles run on the CPU that is
 *       sending (the application's from a send call, the softirq one from an ACK or a timer), and
 *       the I/O model's path to the NIC follows; a TSO super-segment costs that once and is cut
 *       into frames by the NIC;
 *   <li>each guest's queue (its qdisc, or its virtual function's queue) feeds the NIC, which takes
 *       one frame at a time from the guests in turn, reading it over its PCIe link (shared by all
 *       the guests' DMA), one frame ahead of the wire, and tells each socket when its bytes have
 *       left (what TCP small queues and UDP send buffers wait for); frames between two guests of
 *       this host cross the NIC's embedded switch, not the wire.
 * </ul>
 */
public final class StackHost implements Entity {
  static final int START = 130;
  static final int APP_DONE = 131;
  static final int STACK_RX = 132;
  static final int TX_READY = 133;
  static final int TCP_TIMER = 134;
  static final int IRQ_TIMER = 135;
  static final int HOST_POLL = 136;
  static final int LOCAL_FRAME = 137;
  static final int RX_DMA = 150;
  static final int TX_DMA = 151;
  static final int ATTACK = 152;

  /** Guest index in event words: up to 1,024 guests per host. */
  private static final int GUEST_BITS = 10;

  private final NetperfSettings settings;
  private final HostCosts costs;
  private final HostPort port;
  private final List<GuestOs> guests = new ArrayList<>();
  private final Map<Long, GuestOs> guestOfMac = new HashMap<>();
  private final List<NetperfApp> apps = new ArrayList<>();
  private final List<GuestOs> guestOfApp = new ArrayList<>();
  private final long embeddedSwitchBitsPerSec;

  /** Physical cores shared by every guest's CPUs, or null when each CPU has its own. */
  private final CoreModel[] pool;

  private final HostMeter meter;

  /** The host's memory and one IOMMU, the NIC's PCIe link, the SR-IOV mailbox, an attack. */
  private final HostDevices devices;

  /** A frame is being read from memory for the NIC (one at a time, one frame ahead). */
  private boolean txFetching;

  private EntityContext ctx;
  private int handlingPriority;
  private CoreModel here;
  private long frameSeq;
  private int nextGuestToServe;
  private long embeddedSwitchBusyUntilPs;
  private long embeddedSwitchFrames;

  /**
   * @param embeddedSwitchBitsPerSec how fast the NIC moves a frame from one guest to another of
   *     this host
   * @param deviceSettings the NIC's PCIe link, and an attack by the first guest if any
   */
  public StackHost(
      List<GuestSpec> specs,
      NetperfSettings settings,
      LinkSettings link,
      Attachment uplink,
      long embeddedSwitchBitsPerSec,
      DeviceSettings deviceSettings) {
    if (specs.isEmpty() || specs.size() >= 1 << GUEST_BITS) {
      throw new IllegalArgumentException("a host runs 1.." + ((1 << GUEST_BITS) - 1) + " guests");
    }
    this.settings = settings;
    this.costs = settings.costs();
    this.embeddedSwitchBitsPerSec = embeddedSwitchBitsPerSec;
    TrafficSpec none = new TrafficSpec(Frame.BROADCAST, link.mtuBytes(), 0, 0, 1);
    this.port =
        new HostPort(
            specs.get(0).mac(), none, link, uplink, 2L * Ethernet.frameBytes(link.mtuBytes()));
    // the pool is a hypervisor's: a bare-metal OS keeps a core per CPU
    this.pool = specs.stream().anyMatch(x -> x.io().virtualized()) ? pool(settings) : null;
    List<IoModel> models = specs.stream().map(GuestSpec::io).toList();
    this.devices = new HostDevices(models, settings, deviceSettings, pool);
    int nextCore = 0;
    for (GuestSpec spec : specs) {
      GuestOs g =
          new GuestOs(guests.size(), spec.mac(), spec.io(), settings, pool, nextCore, devices.dma);
      nextCore += g.cores.length;
      guests.add(g);
      guestOfMac.put(spec.mac(), g);
      GuestPorts ports = new GuestPorts(g);
      for (FlowEnd end : spec.ends()) {
        int id = end.flowId();
        AppSocket socket =
            settings.test().tcp() ? tcpSocket(g, ports, id) : udpSocket(g, ports, id);
        g.appOfFlow.put(id, apps.size());
        guestOfApp.add(g);
        apps.add(new NetperfApp(end, settings, socket, ports));
      }
    }
    this.meter = new HostMeter(physicalCores(), settings, this::vmExits, this::deviceInterrupts);
  }

  /** The pool, or every guest's own CPUs. */
  private List<CoreModel> physicalCores() {
    if (pool != null) {
      return List.of(pool);
    }
    List<CoreModel> out = new ArrayList<>();
    for (GuestOs g : guests) {
      out.addAll(List.of(g.cores));
    }
    if (devices.pfCore() != null) {
      out.add(devices.pfCore());
    }
    return out;
  }

  private long vmExits() {
    long sum = 0;
    for (GuestOs g : guests) {
      sum += g.io.stats().totalExits();
    }
    return sum;
  }

  private long deviceInterrupts() {
    long sum = 0;
    for (GuestOs g : guests) {
      sum += g.interrupts;
    }
    return sum;
  }

  private static CoreModel[] pool(NetperfSettings settings) {
    if (settings.hostCores() == 0) {
      return null;
    }
    CoreModel[] cores = new CoreModel[settings.hostCores()];
    for (int c = 0; c < cores.length; c++) {
      cores[c] = new CoreModel(settings.costs().clockHz());
    }
    return cores;
  }

  private AppSocket tcpSocket(GuestOs g, GuestPorts ports, int id) {
    TcpConnection c = new TcpConnection(id, settings.tcp(), ports);
    g.tcp.put(id, c);
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

  private AppSocket udpSocket(GuestOs g, GuestPorts ports, int id) {
    UdpSocket s = new UdpSocket(id, settings.udpBufferBytes(), settings.udpBufferBytes(), ports);
    g.udp.put(id, s);
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

  @Override
  public void onStart(EntityContext ctx) {
    bind(ctx);
    devices.bringUp(guests, ctx.nowPs());
    if (devices.attackPs() >= 0) {
      self(devices.attackPs() - ctx.nowPs(), ATTACK, 0, null);
    }
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
    meter.onEvent(now);
    long word = event.word();
    switch (event.kind()) {
      case FabricEvents.FRAME, LOCAL_FRAME -> onFrame((Frame) event.payload(), now);
      case RX_DMA -> onRxDma(guests.get(guestOf(word)), (Frame) event.payload(), now);
      case TX_DMA -> {
        txFetching = false;
        sendOut((Frame) event.payload(), now);
        feedNic(now);
      }
      case ATTACK -> devices.attack(guests.get(0), now);
      case FabricEvents.TX_FREE -> {
        port.nic().onTransmitterFree(now);
        feedNic(now);
      }
      case IRQ_TIMER -> {
        GuestOs g = guests.get(guestOf(word));
        if (word >>> GUEST_BITS == g.moderation.generation() && g.moderation.pending() > 0) {
          interrupt(g, now);
        }
      }
      case STACK_RX ->
          onStackRx(guests.get(guestOf(word)), event.payload(), (int) (word >>> GUEST_BITS), now);
      case HOST_POLL -> {
        GuestOs g = guests.get(guestOf(word));
        g.inRing -= (int) (word >>> GUEST_BITS);
        pollNext(g, now);
      }
      case TX_READY -> onTxReady(guests.get(guestOf(word)), event.payload(), now);
      case TCP_TIMER -> {
        GuestOs g = guests.get(guestOf(word));
        long timer = word >>> GUEST_BITS;
        here = g.softirqCore();
        g.tcp.get((int) (timer >> 2)).onTimer((int) (timer & 3), now);
      }
      case START -> {
        here = guestOfApp.get((int) word).appCore();
        apps.get((int) word).start(now);
      }
      case APP_DONE -> {
        here = guestOfApp.get((int) word).appCore();
        apps.get((int) word).onCallDone(now);
      }
      default -> throw new IllegalArgumentException("host got unknown event kind " + event.kind());
    }
  }

  private static int guestOf(long word) {
    return (int) (word & ((1 << GUEST_BITS) - 1));
  }

  private static long withGuest(long value, GuestOs g) {
    return (value << GUEST_BITS) | g.index;
  }

  /**
   * An event to this host. Work that costs no cycles follows at the same instant; it must still
   * order after the event being handled, whoever sent that, so it takes the next priority.
   */
  private void self(long delayPs, int kind, long word, Object payload) {
    int priority = delayPs == 0 ? handlingPriority + 1 : 0;
    ctx.send(ctx.entityId(), delayPs, priority, kind, word, payload);
  }

  /** What one guest's applications, sockets and connections call: its CPUs, its queue. */
  private final class GuestPorts implements TcpPorts, UdpPorts, AppCpu {
    private final GuestOs g;

    GuestPorts(GuestOs g) {
      this.g = g;
    }

    @Override
    public void sendCall(NetperfApp app, int bytes, long nowPs) {
      CoreModel core = g.appCore();
      core.run(costs.txSyscallCycles(), Component.SOCKET, nowPs);
      core.run(costs.txAppCyclesPerMessage(), Component.APPLICATION, nowPs);
      long done =
          core.run(
              HostCosts.perBytes(costs.txCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
      self(done - nowPs, APP_DONE, g.appOfFlow.get(app.end().flowId()), null);
    }

    @Override
    public void receiveCall(NetperfApp app, int bytes, long nowPs) {
      CoreModel core = g.appCore();
      core.run(costs.rxSyscallCycles(), Component.SOCKET, nowPs);
      core.run(
          HostCosts.perBytes(costs.rxCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
      long done = core.run(costs.rxAppCyclesPerMessage(), Component.APPLICATION, nowPs);
      self(done - nowPs, APP_DONE, g.appOfFlow.get(app.end().flowId()), null);
    }

    @Override
    public void transmit(Segment segment, long nowPs) {
      handDown(g, segment, segment.packetBytes(), nowPs);
    }

    @Override
    public void transmit(Datagram datagram, long nowPs) {
      handDown(g, datagram, datagram.packetBytes(), nowPs);
    }

    @Override
    public void armTimer(int connId, int timer, long atPs) {
      self(atPs - ctx.nowPs(), TCP_TIMER, withGuest(((long) connId << 2) | timer, g), null);
    }

    @Override
    public void readable(int flowId, long nowPs) {
      apps.get(g.appOfFlow.get(flowId)).onSocketEvent(nowPs);
    }

    @Override
    public void writable(int flowId, long nowPs) {
      apps.get(g.appOfFlow.get(flowId)).onSocketEvent(nowPs);
    }
  }

  /**
   * IP, the transport's checksum if the NIC does not, and the driver, on the sending CPU; then the
   * guest's way to the NIC.
   */
  private void handDown(GuestOs g, Object packet, int packetBytes, long nowPs) {
    CoreModel core = here;
    core.run(costs.txStackCyclesPerFrame(), Component.STACK, nowPs);
    if (!settings.checksumOffload()) {
      core.run(
          HostCosts.perBytes(costs.txChecksumMilliCyclesPerByte(), packetBytes),
          Component.STACK,
          nowPs);
    }
    long done = core.run(costs.txDriverCyclesPerFrame(), Component.DRIVER, nowPs);
    long ready = g.io.transmit(core, packetBytes, done);
    if (!g.io.lastDmaLanded()) {
      g.dmaLostPackets++;
      packet = new Lost(packet); // the device sent someone else's bytes: nothing useful leaves
    }
    self(ready - nowPs, TX_READY, g.index, packet);
  }

  // ---- below IP: the guests' queues, the NIC and its embedded switch ----

  /**
   * A packet whose DMA went astray: it still frees its socket's queue space, and goes no further.
   */
  private record Lost(Object packet) {}

  private void onTxReady(GuestOs g, Object packet, long now) {
    if (packet instanceof Lost lost) {
      here = g.softirqCore();
      if (lost.packet() instanceof Segment s) {
        g.tcp.get(s.connId()).onDrained(s.packetBytes(), now);
      } else {
        Datagram d = (Datagram) lost.packet();
        g.udp.get(d.flowId()).onDrained(d.packetBytes(), now);
      }
      return;
    }
    if (packet instanceof Segment s) {
      long peer = apps.get(g.appOfFlow.get(s.connId())).end().peerMac();
      int mss = settings.tcp().mssBytes();
      long from = s.seq();
      do {
        int len = (int) Math.min(mss, s.endSeq() - from);
        boolean last = from + len >= s.endSeq();
        Segment piece = len == s.lenBytes() ? s : s.slice(from, len);
        g.qdisc.add(
            new GuestOs.Queued(
                frame(g, peer, s.connId(), piece.packetBytes(), piece),
                s.connId(),
                last ? s.packetBytes() : 0));
        from += len;
      } while (from < s.endSeq());
      g.maxQdiscFrames = Math.max(g.maxQdiscFrames, g.qdisc.size());
    } else {
      Datagram d = (Datagram) packet;
      long peer = apps.get(g.appOfFlow.get(d.flowId())).end().peerMac();
      g.qdisc.add(
          new GuestOs.Queued(
              frame(g, peer, d.flowId(), d.packetBytes(), d), d.flowId(), d.packetBytes()));
      g.maxQdiscFrames = Math.max(g.maxQdiscFrames, g.qdisc.size());
    }
    feedNic(now);
  }

  private Frame frame(GuestOs g, long dstMac, int flowId, int packetBytes, Object body) {
    return new Frame(g.mac, dstMac, packetBytes, flowId, frameSeq++, body);
  }

  /**
   * Keeps one frame waiting in the NIC behind the one on the wire, taking the guests' queues in
   * turn (round robin, as a NIC serves its virtual functions' queues); frames for a guest of this
   * host go through the embedded switch instead.
   */
  private void feedNic(long now) {
    while (port.nic().queuedFrames() == 0 && !txFetching) {
      GuestOs g = nextGuestWithFrames();
      if (g == null) {
        return;
      }
      GuestOs.Queued q = g.qdisc.poll();
      // the NIC reads the frame over PCIe before it can send or switch it
      txFetching = true;
      long fetched = devices.pcie.transmit(q.frame().payloadBytes(), now);
      self(fetched - now, TX_DMA, g.index, q.frame());
      if (q.drainBytes() > 0) {
        here = g.softirqCore();
        if (settings.test().tcp()) {
          g.tcp.get(q.flowId()).onDrained(q.drainBytes(), now);
        } else {
          g.udp.get(q.flowId()).onDrained(q.drainBytes(), now);
        }
      }
    }
  }

  /** A frame the NIC has read from memory goes to the wire, or to a guest of this host. */
  private void sendOut(Frame frame, long now) {
    if (guestFor(frame.dstMac()) != null) {
      switchLocally(frame, now);
    } else {
      port.nic().enqueue(frame, now);
    }
  }

  /** The guest with this MAC, or null; one guest (the common case) needs no map. */
  private GuestOs guestFor(long mac) {
    if (guests.size() == 1) {
      GuestOs only = guests.get(0);
      return only.mac == mac ? only : null;
    }
    return guestOfMac.get(mac);
  }

  private GuestOs nextGuestWithFrames() {
    for (int i = 0; i < guests.size(); i++) {
      GuestOs g = guests.get((nextGuestToServe + i) % guests.size());
      if (!g.qdisc.isEmpty()) {
        nextGuestToServe = (g.index + 1) % guests.size();
        return g;
      }
    }
    return null;
  }

  /** The embedded switch: guest to guest over the NIC's PCIe path, one frame at a time. */
  private void switchLocally(Frame frame, long now) {
    embeddedSwitchFrames++;
    long start = Math.max(now, embeddedSwitchBusyUntilPs);
    embeddedSwitchBusyUntilPs =
        start + Ethernet.serializationPs(frame.frameBytes(), embeddedSwitchBitsPerSec);
    self(embeddedSwitchBusyUntilPs - now, LOCAL_FRAME, 0, frame);
  }

  // ---- receiving ----

  private void onFrame(Frame frame, long now) {
    GuestOs g = guestFor(frame.dstMac());
    if (g == null) {
      return; // flooded to us, not ours
    }
    if (g.inRing >= settings.rxRingFrames()) {
      g.rxRingDrops++;
      return;
    }
    if (!devices.pcie.admit(frame.payloadBytes())) {
      return; // the NIC's packet buffer is full of frames waiting for their DMA
    }
    g.inRing++;
    long written = devices.pcie.receive(frame.payloadBytes(), now);
    self(written - now, RX_DMA, g.index, frame);
  }

  /** A received frame is in the guest's memory: the driver may see it, the NIC interrupts. */
  private void onRxDma(GuestOs g, Frame frame, long now) {
    devices.pcie.received(frame.payloadBytes());
    g.landed.add(frame);
    if (g.polling) {
      return; // NAPI: interrupts stay off while the driver polls; it will find this frame
    }
    if (g.moderation.onFrame()) {
      interrupt(g, now);
    } else if (g.moderation.timerNeeded()) {
      self(g.moderation.maxDelayPs(), IRQ_TIMER, withGuest(g.moderation.generation(), g), null);
    }
  }

  /** The interrupt switches the driver to polling (NAPI) until the ring is empty. */
  private void interrupt(GuestOs g, long now) {
    g.interrupts++;
    CoreModel vcpu = g.softirqCore();
    long t = g.io.interrupt(vcpu, now);
    if (g.io.model().directAssignment()) {
      vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, t);
    }
    g.moderation.fire();
    g.polling = true;
    pollNext(g, now);
  }

  /**
   * Takes the next packet off the ring, merging (GRO) what has landed behind it. With a software
   * back-end the host's part runs on its own core and the poll goes on when that part is done,
   * while the guest's driver and stack follow on the vCPU; otherwise the poll goes on when the
   * stack is done with the packet, one at a time as NAPI does.
   */
  private void pollNext(GuestOs g, long now) {
    Frame f = g.landed.poll();
    if (f == null) {
      g.polling = false;
      return;
    }
    port.delivered(f.payloadBytes(), now);
    Object packet = f.body();
    int bytes = f.payloadBytes();
    int frames = 1;
    boolean gro = settings.gro() && packet instanceof Segment first && first.lenBytes() > 0;
    if (gro) {
      Segment s = (Segment) packet;
      while (mergeable(s, g.landed.peek())) {
        Segment n = (Segment) g.landed.poll().body();
        port.delivered(n.packetBytes(), now);
        s = merge(s, n);
        bytes += n.lenBytes();
        frames++;
      }
      packet = s;
    }
    CoreModel vcpu = g.softirqCore();
    long at = g.io.receive(vcpu, frames, bytes, now);
    if (g.io.model().directAssignment()) {
      long done = guestReceive(g, vcpu, frames, bytes, gro, at);
      if (!g.io.lastDmaLanded()) {
        g.dmaLostPackets++;
        packet = null; // the device wrote the packet into someone else's page
      }
      self(done - now, STACK_RX, withGuest(frames, g), packet);
      return;
    }
    // a software back-end: its host part is done at `at`; the guest's ring may be full
    self(at - now, HOST_POLL, withGuest(frames, g), null);
    if (g.guestBacklog + frames > settings.rxRingFrames()) {
      g.backendDrops += frames;
      return;
    }
    if (g.guestBacklog == 0) {
      // the guest is not polling: the back-end injects an interrupt
      at = vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, g.io.injectToGuest(vcpu, at));
    }
    g.guestBacklog += frames;
    long done = guestReceive(g, vcpu, frames, bytes, gro, at);
    self(done - now, STACK_RX, withGuest(frames, g), packet);
  }

  /** The guest's driver, GRO and stack for one packet, from {@code at} on its vCPU. */
  private long guestReceive(
      GuestOs g, CoreModel vcpu, int frames, int bytes, boolean gro, long at) {
    vcpu.run(costs.rxDriverCyclesPerFrame() * frames, Component.DRIVER, at);
    if (gro) {
      vcpu.run(costs.rxGroCyclesPerFrame() * frames, Component.STACK, at);
    }
    if (!settings.checksumOffload()) {
      vcpu.run(
          HostCosts.perBytes(costs.rxChecksumMilliCyclesPerByte(), bytes), Component.STACK, at);
    }
    g.stackPackets++;
    return vcpu.run(costs.rxStackCyclesPerFrame(), Component.STACK, at);
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
        && n.headerBytes() == s.headerBytes()
        && n.sackBlocks().equals(s.sackBlocks()) // GRO refuses segments whose options differ
        && n.lenBytes() > 0
        && s.packetBytes() + n.lenBytes() <= NetperfSettings.GRO_MAX_BYTES;
  }

  private void onStackRx(GuestOs g, Object packet, int frames, long now) {
    if (g.io.model().directAssignment()) {
      g.inRing -= frames;
    } else {
      g.guestBacklog -= frames; // the physical ring slots were freed by HOST_POLL
    }
    here = g.softirqCore();
    if (packet == null) {
      // lost to a stray DMA: nothing reaches the stack
    } else if (packet instanceof Segment s) {
      g.tcp.get(s.connId()).onSegment(s, now);
    } else {
      Datagram d = (Datagram) packet;
      g.udp.get(d.flowId()).onDatagram(d, now);
    }
    if (g.io.model().directAssignment()) {
      pollNext(g, now); // with a back-end, HOST_POLL drives the poll
    }
  }

  // ---- metrics ----

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
    boolean one = guests.size() == 1;
    if (!one) {
      sink.put("embeddedSwitchFrames", embeddedSwitchFrames);
    }
    for (int c = 0; pool != null && c < pool.length; c++) {
      sink.put("pcpu" + c + ".busyPs", pool[c].totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put("pcpu" + c + "." + comp.metricName() + "Ps", pool[c].busyPs(comp));
      }
    }
    boolean hostIo = false;
    for (GuestOs g : guests) {
      boolean withIo = g.io.model().virtualized() || settings.iommu() != DmaStrategy.OFF;
      hostIo |= withIo;
      g.reportMetrics(one ? "" : "vm" + g.index + ".", sink, withIo);
    }
    devices.reportMetrics(sink, hostIo);
    for (int i = 0; i < apps.size(); i++) {
      NetperfApp app = apps.get(i);
      GuestOs g = guestOfApp.get(i);
      int id = app.end().flowId();
      // both ends of a flow between two guests of this host report here: name the server's apart
      boolean bothHere =
          guests.size() > 1 && !app.end().client() && guestOfMac.containsKey(app.end().peerMac());
      String prefix = "flow" + id + (bothHere ? ".server." : ".");
      app.reportMetrics(prefix, sink);
      TcpConnection c = g.tcp.get(id);
      if (c != null) {
        TcpMetrics.report(c, prefix, sink);
      }
      UdpSocket s = g.udp.get(id);
      if (s != null) {
        sink.put(prefix + "datagramsSent", s.datagramsSent());
        sink.put(prefix + "datagramsReceived", s.datagramsReceived());
        sink.put(prefix + "receiveBufferDrops", s.receiveBufferDrops());
        sink.put(prefix + "sequenceGaps", s.sequenceGaps());
      }
    }
    meter.reportMetrics(sink);
  }
}
