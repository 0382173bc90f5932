package io.vioemu.guest.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.guest.virt.GuestIo;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.netperf.DeviceLink;
import io.vioemu.host.netperf.EventScheduler;
import io.vioemu.host.netperf.FlowEnd;
import io.vioemu.host.netperf.GuestSpec;
import io.vioemu.host.netperf.GuestWords;
import io.vioemu.host.netperf.HostEvent;
import io.vioemu.host.netperf.KernelEvent;
import io.vioemu.host.netperf.KernelFactory;
import io.vioemu.host.netperf.LostPacket;
import io.vioemu.host.netperf.NetperfSettings;
import io.vioemu.host.netperf.ResidentKernel;
import io.vioemu.host.netperf.VmMessage;
import io.vioemu.host.virt.SriovMailbox;
import io.vioemu.stack.Packet;
import io.vioemu.stack.tcp.GroMerge;
import io.vioemu.stack.tcp.Segment;
import io.vioemu.stack.tcp.TcpConnection;
import io.vioemu.stack.tcp.TcpPorts;
import io.vioemu.stack.tcp.TcpSettings;
import io.vioemu.stack.udp.Datagram;
import io.vioemu.stack.udp.UdpPorts;
import io.vioemu.stack.udp.UdpSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One operating system: the native OS of a bare-metal host, or one VM. It has its own MAC (a
 * virtual function's, under SR-IOV), (v)CPUs, netperf applications, sockets and kernel stack, and a
 * network driver that reaches the NIC through its {@link DeviceLink}, every step of which costs
 * cycles on one of its CPUs:
 *
 * <ul>
 *   <li>receive, when the guest drives its device (bare metal, pass-through, SR-IOV): the device's
 *       interrupt costs what the I/O model makes it cost, then the driver polls its ring NAPI-style
 *       with the interrupt masked: the DMA API per frame, the driver per frame, optional GRO
 *       merging of what has landed, and the stack per packet, after which the transport sees the
 *       packet;
 *   <li>receive through a software back-end: the back-end's packets arrive with or without a
 *       virtual interrupt, and the driver, GRO and stack follow on the vCPU;
 *   <li>send: a send call (syscall, application work, copy) runs on the application's CPU, then TCP
 *       or UDP hands packets to IP, whose stack and driver cycles run on the CPU that is sending
 *       (the application's from a send call, the softirq one from an ACK or a timer), and the I/O
 *       model's guest part follows (the DMA API, a doorbell's exit, a back-end's notification); a
 *       TSO super-segment costs that once.
 * </ul>
 */
final class GuestOs implements ResidentKernel {
  final int index;
  final long mac;
  final CoreModel[] vcpus;

  /** CPUs shared with other guests: their time is reported per physical core, by the host. */
  final boolean pooled;

  /** The guest's view of its I/O model: what its CPUs pay (under a bond, its active slave's). */
  GuestIo io;

  /** The I/O model it starts with: under a bond, the VF's (its primary slave). */
  private final GuestIo primaryIo;

  /** A bond's virtio backup, or null. */
  private GuestIo backupIo;

  /** Under a bond, no slave is active (the VF is gone, the backup not yet taken): sends drop. */
  private boolean bondDown;

  private long bondTxDrops;

  /**
   * The guest runs in an entity of its own: the host checks its device's DMA and tells it, with
   * each frame, what landed.
   */
  private final boolean apart;

  private final NetperfSettings settings;
  private final HostCosts costs;
  private final EventScheduler scheduler;
  private DeviceLink below;

  /** Frames the device wrote that the driver has not yet taken. */
  private final ArrayDeque<Frame> landed = new ArrayDeque<>();

  private final Map<Integer, TcpConnection> tcp = new HashMap<>();
  private final Map<Integer, UdpSocket> udp = new HashMap<>();

  /** Each end's application, by end; a finite flow's only while its connection is open. */
  private final List<GuestApp> apps = new ArrayList<>();

  /** The ends this guest runs, in the order of {@link #apps}. */
  private final List<FlowEnd> ends;

  /**
   * What closed finite flows' ends leave behind, by flow: {fctPs (receiver, else -1), measured
   * bytes, retransmitted segments}.
   */
  private final Map<Integer, long[]> closed = new TreeMap<>();

  /** Segments that arrived for a finite flow's connection after this end closed it. */
  private long segmentsAfterClose;

  private final GuestPorts ports;
  private final Map<Integer, Integer> appOfFlow = new HashMap<>();

  /** MACs of this host's guests: a flow's server end between two of them reports apart. */
  private final Set<Long> hostMacs;

  private CoreModel here;
  private boolean polling;
  private long framesSeen;
  private long stackPackets;

  /** In a {@link KernelEvent#STACK_RX}'s value: the packet came off the driver's ring. */
  private static final long FROM_RING = 1L << 30;

  /** Packets lost because their DMA went astray (see {@link GuestIo#lastDmaLanded}). */
  private long dmaLostPackets;

  /**
   * @param vcpus the guest's CPUs
   * @param pooled the CPUs are the host's shared cores, reported by the host
   * @param apart the guest runs in an entity of its own (its device's DMA is checked by the host)
   * @param hostMacs every guest MAC of this guest's host
   */
  GuestOs(
      int index,
      GuestSpec spec,
      NetperfSettings settings,
      CoreModel[] vcpus,
      boolean pooled,
      GuestIo io,
      boolean apart,
      Set<Long> hostMacs,
      EventScheduler scheduler,
      Map<Integer, MigrationPlan.Spec> migrations) {
    this.index = index;
    this.mac = spec.mac();
    this.settings = settings;
    this.costs = settings.costs();
    this.vcpus = vcpus;
    this.pooled = pooled;
    this.io = io;
    this.primaryIo = io;
    this.apart = apart;
    this.hostMacs = hostMacs;
    this.scheduler = scheduler;
    this.ports = new GuestPorts();
    this.ends = spec.ends();
    for (FlowEnd end : spec.ends()) {
      int id = end.flowId();
      appOfFlow.put(id, apps.size());
      if (end.finite()) {
        apps.add(null); // its connection opens when the flow starts
        continue;
      }
      MigrationPlan.Spec migration = migrations.get(id);
      if (migration != null) {
        AppSocket socket = tcpSocket(ports, id, settings.tcp().forBulkTransfer());
        apps.add(new MigrationStream(end, migration, socket, ports));
        continue;
      }
      AppSocket socket =
          settings.test().tcp() ? tcpSocket(ports, id, settings.tcp()) : udpSocket(ports, id);
      apps.add(new NetperfApp(end, settings, socket, ports));
    }
  }

  /** Gives the guest a bond whose backup is {@code backup} (its VF is its primary slave). */
  void bond(GuestIo backup) {
    this.backupIo = backup;
  }

  /**
   * Its VF is hot-unplugged: the driver's ring goes with it, and the bond has no active slave until
   * it fails over ({@link #useBackup}).
   */
  void unplugVf() {
    landed.clear();
    polling = false;
    bondDown = true;
  }

  /** The bond fails over to its virtio backup. */
  void useBackup() {
    io = backupIo;
    bondDown = false;
  }

  /** The bond fails back to a new VF: a fresh ring, nothing seen on it yet. */
  void usePrimary() {
    landed.clear();
    polling = false;
    framesSeen = 0;
    io = primaryIo;
    bondDown = false;
  }

  /** Connects the guest to its device; set once, before the run. */
  void attach(DeviceLink below) {
    this.below = below;
  }

  /**
   * Makes the kernels that live in their host's entity (its native OS, VMs on its shared cores):
   * they share the host's I/O path and reach its device at once.
   */
  static KernelFactory resident(NetperfSettings settings, MigrationPlan migrations) {
    Map<Integer, MigrationPlan.Spec> byFlow = migrations.byFlow();
    return (guest, spec, vcpus, pooled, io, hostMacs, scheduler, device) -> {
      GuestOs kernel =
          new GuestOs(
              guest,
              spec,
              settings,
              vcpus,
              pooled,
              new GuestIo(io),
              false,
              hostMacs,
              scheduler,
              byFlow);
      kernel.attach(device);
      return kernel;
    };
  }

  @Override
  public CoreModel[] vcpus() {
    return vcpus;
  }

  /** Interrupts and the stack's softirq work. */
  CoreModel softirqCore() {
    return vcpus[0];
  }

  /** The applications' (v)CPU: the last of the guest's own. */
  CoreModel appCore() {
    return vcpus[vcpus.length - 1];
  }

  private void self(long delayPs, KernelEvent kind, long value, Object payload) {
    scheduler.self(delayPs, kind, GuestWords.word(value, index), payload);
  }

  /** Every end starts: a MAERTS server sends first, and nothing else would wake it. */
  @Override
  public void start(long nowPs) {
    for (int i = 0; i < ends.size(); i++) {
      self(ends.get(i).startPs() - nowPs, KernelEvent.START, i, null);
    }
  }

  @Override
  public void onEvent(KernelEvent kind, long word, Object payload, long now) {
    long value = GuestWords.valueOf(word);
    switch (kind) {
      case START -> {
        here = appCore();
        GuestApp app = apps.get((int) value);
        if (app == null && !closed.containsKey(ends.get((int) value).flowId())) {
          app = open((int) value);
        }
        if (app != null) {
          app.start(now);
        }
      }
      case APP_DONE -> {
        here = appCore();
        GuestApp app = apps.get((int) value);
        if (app != null) { // else a finite flow's end closed during the call
          app.onCallDone(now);
        }
      }
      case STACK_RX ->
          onStackRx((Packet) payload, (int) (value & ~FROM_RING), (value & FROM_RING) != 0, now);
      case STACK_TX_DROPPED -> drained((int) value, (Long) payload, Long.MIN_VALUE, now);
      case TCP_TIMER -> {
        here = softirqCore();
        TcpConnection c = tcp.get((int) (value >> 2));
        if (c != null) {
          c.onTimer((int) (value & 3), now);
        }
      }
    }
  }

  // ---- finite flows ----

  /** A finite flow starts: its end's connection and application. */
  private GuestApp open(int index) {
    FlowEnd end = ends.get(index);
    GuestApp app =
        new NetperfApp(end, settings, tcpSocket(ports, end.flowId(), settings.tcp()), ports);
    apps.set(index, app);
    return app;
  }

  /**
   * A finite flow's end is done: the sender once the peer has acknowledged every byte, the receiver
   * once every byte has arrived in order (it sends the ACK it owes first). Its connection and
   * application go; what the results need stays in {@link #closed}.
   */
  private void closeIfFinished(int flowId, long now) {
    int index = appOfFlow.get(flowId);
    if (!(apps.get(index) instanceof NetperfApp app) || !app.finished()) {
      return;
    }
    TcpConnection c = tcp.remove(flowId);
    boolean receiver = !app.end().client();
    if (receiver) {
      c.flushAck(now);
    }
    closed.put(
        flowId,
        new long[] {
          receiver ? app.fctPs() : -1, app.measuredBytes(), c.counters().retransmittedSegments()
        });
    apps.set(index, null);
  }

  // ---- sockets ----

  private AppSocket tcpSocket(GuestPorts ports, int id, TcpSettings tcpSettings) {
    TcpConnection c = new TcpConnection(id, tcpSettings, ports);
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

      @Override
      public long acceptedBytes() {
        return c.acceptedBytes();
      }

      @Override
      public long inOrderBytes() {
        return c.readBytes() + c.readableBytes();
      }

      @Override
      public long ackedBytes() {
        return c.ackedBytes();
      }
    };
  }

  private AppSocket udpSocket(GuestPorts ports, int id) {
    UdpSocket s = new UdpSocket(id, settings.udpBufferBytes(), settings.udpBufferBytes(), ports);
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

      @Override
      public long acceptedBytes() {
        return s.acceptedBytes();
      }
    };
  }

  /** What the guest's applications, sockets and connections call: its CPUs, its driver. */
  private final class GuestPorts implements TcpPorts, UdpPorts, AppCpu {
    @Override
    public void sendCall(GuestApp app, int bytes, long nowPs) {
      CoreModel core = appCore();
      core.run(costs.txSyscallCycles(), Component.SOCKET, nowPs);
      core.run(costs.txAppCyclesPerMessage(), Component.APPLICATION, nowPs);
      long done =
          core.run(
              HostCosts.perBytes(costs.txCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
      self(done - nowPs, KernelEvent.APP_DONE, appOfFlow.get(app.end().flowId()), null);
    }

    @Override
    public void receiveCall(GuestApp app, int bytes, long nowPs) {
      CoreModel core = appCore();
      core.run(costs.rxSyscallCycles(), Component.SOCKET, nowPs);
      core.run(
          HostCosts.perBytes(costs.rxCopyMilliCyclesPerByte(), bytes), Component.SOCKET, nowPs);
      long done = core.run(costs.rxAppCyclesPerMessage(), Component.APPLICATION, nowPs);
      self(done - nowPs, KernelEvent.APP_DONE, appOfFlow.get(app.end().flowId()), null);
    }

    @Override
    public void wakeAt(GuestApp app, long atPs) {
      self(atPs - scheduler.nowPs(), KernelEvent.START, appOfFlow.get(app.end().flowId()), null);
    }

    @Override
    public long work(long cycles, long nowPs) {
      return appCore().run(cycles, Component.HYPERVISOR, nowPs);
    }

    @Override
    public void toVm(int vmEntity, VmMessage kind, long word, long atPs) {
      long delayPs = atPs - scheduler.nowPs() + settings.vmHostLatencyPs();
      scheduler.send(vmEntity, delayPs, kind, word, null);
    }

    @Override
    public long framesWrittenTo(int guest) {
      return below.framesWrittenTo(guest);
    }

    @Override
    public void detachGuest(int guest, long atPs) {
      scheduler.self(atPs - scheduler.nowPs(), HostEvent.GUEST_DETACH, guest, null);
    }

    @Override
    public void transmit(Segment segment, long nowPs) {
      handDown(segment, segment.packetBytes(), nowPs);
    }

    @Override
    public void transmit(Datagram datagram, long nowPs) {
      handDown(datagram, datagram.packetBytes(), nowPs);
    }

    @Override
    public void armTimer(int connId, int timer, long atPs) {
      self(atPs - scheduler.nowPs(), KernelEvent.TCP_TIMER, ((long) connId << 2) | timer, null);
    }

    @Override
    public void readable(int flowId, long nowPs) {
      onSocketEvent(flowId, nowPs);
    }

    @Override
    public void writable(int flowId, long nowPs) {
      onSocketEvent(flowId, nowPs);
    }

    private void onSocketEvent(int flowId, long nowPs) {
      GuestApp app = apps.get(appOfFlow.get(flowId));
      if (app != null) {
        app.onSocketEvent(nowPs);
      }
    }
  }

  // ---- sending ----

  /**
   * IP, the transport's checksum if the NIC does not, and the driver, on the sending CPU; then the
   * guest's part of its way to the NIC.
   */
  private void handDown(Packet packet, int packetBytes, long nowPs) {
    CoreModel core = here;
    core.run(costs.txStackCyclesPerFrame(), Component.STACK, nowPs);
    if (!settings.checksumOffload()) {
      core.run(
          HostCosts.perBytes(costs.txChecksumMilliCyclesPerByte(), packetBytes),
          Component.STACK,
          nowPs);
    }
    long done = core.run(costs.txDriverCyclesPerFrame(), Component.DRIVER, nowPs);
    if (bondDown) {
      // no active slave: the bond drops the packet (bond_xmit_activebackup, bond_tx_drop); its
      // socket's queue space comes back as if it had left
      bondTxDrops++;
      self(done - nowPs, KernelEvent.STACK_TX_DROPPED, packet.flowId(), Long.valueOf(packetBytes));
      return;
    }
    long ready = io.guestTransmit(core, packetBytes, done, below.backendBusyUntilPs());
    if (!apart && io.model().directAssignment() && !io.lastDmaLanded()) {
      dmaLostPackets++;
      packet =
          new LostPacket(packet); // the device sent someone else's bytes: nothing useful leaves
    }
    below.transmit(packet, packetBytes, io.lastNotified(), ready);
  }

  /** {@code bytes} of a flow left the queue for the NIC: TCP small queues, UDP send buffers. */
  @Override
  public void drained(int flowId, long bytes, long backendBusyUntilPs, long nowPs) {
    here = softirqCore();
    if (settings.test().tcp()) {
      TcpConnection c = tcp.get(flowId);
      if (c != null) { // else a finite flow's end closed since
        c.onDrained(bytes, nowPs);
      }
    } else {
      udp.get(flowId).onDrained(bytes, nowPs);
    }
  }

  // ---- receiving, when the guest drives its device ----

  /** The device wrote a frame into the ring: the driver may see it. */
  @Override
  public void rx(Frame frame, long nowPs) {
    landed.add(frame);
  }

  /** The interrupt switches the driver to polling (NAPI) until the ring is empty. */
  @Override
  public void irq(long now) {
    CoreModel vcpu = softirqCore();
    long t = io.guestInterrupt(vcpu, now);
    vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, t);
    polling = true;
    pollNext(now);
  }

  /**
   * Takes the next packet off the ring, merging (GRO) what has landed behind it; the poll goes on
   * when the stack is done with the packet, one at a time as NAPI does.
   */
  private void pollNext(long now) {
    Frame f = landed.poll();
    if (f == null) {
      polling = false;
      below.pollDone(framesSeen, now);
      return;
    }
    framesSeen++;
    below.delivered(f.payloadBytes(), now);
    Packet packet = (Packet) f.body();
    int bytes = f.payloadBytes();
    int frames = 1;
    boolean strayed = apart && packet == null;
    boolean gro = settings.gro() && packet instanceof Segment first && first.lenBytes() > 0;
    if (gro) {
      Segment s = (Segment) packet;
      while (GroMerge.mergeable(s, landed.peek())) {
        Segment n = (Segment) landed.poll().body();
        framesSeen++;
        below.delivered(n.packetBytes(), now);
        s = GroMerge.merge(s, n);
        bytes += n.lenBytes();
        frames++;
      }
      packet = s;
    }
    CoreModel vcpu = softirqCore();
    long at = io.guestReceive(vcpu, frames, bytes, now);
    below.refilled(frames, bytes, now);
    long done = guestReceive(vcpu, frames, bytes, gro, at);
    if (strayed || (!apart && !io.lastDmaLanded())) {
      dmaLostPackets++;
      packet = null; // the device wrote the packet into someone else's page
    }
    // under a bond, a back-end's packets may still come after the failback: tell them apart
    self(done - now, KernelEvent.STACK_RX, backupIo == null ? frames : frames | FROM_RING, packet);
  }

  // ---- receiving through a software back-end ----

  /** The back-end's packet is in the ring from {@code readyPs}: interrupt, driver and stack. */
  @Override
  public void backendRx(Packet packet, int frames, int bytes, boolean inject, long readyPs) {
    CoreModel vcpu = softirqCore();
    long at = readyPs;
    if (inject) {
      at = vcpu.run(costs.rxInterruptCycles(), Component.INTERRUPT, io.guestInjected(vcpu, at));
    }
    boolean gro = settings.gro() && packet instanceof Segment s && s.lenBytes() > 0;
    long done = guestReceive(vcpu, frames, bytes, gro, at);
    self(done - scheduler.nowPs(), KernelEvent.STACK_RX, frames, packet);
  }

  /** The guest's driver, GRO and stack for one packet, from {@code at} on its vCPU. */
  private long guestReceive(CoreModel vcpu, int frames, int bytes, boolean gro, long at) {
    vcpu.run(costs.rxDriverCyclesPerFrame() * frames, Component.DRIVER, at);
    if (gro) {
      vcpu.run(costs.rxGroCyclesPerFrame() * frames, Component.STACK, at);
    }
    if (!settings.checksumOffload()) {
      vcpu.run(
          HostCosts.perBytes(costs.rxChecksumMilliCyclesPerByte(), bytes), Component.STACK, at);
    }
    stackPackets++;
    return vcpu.run(costs.rxStackCyclesPerFrame(), Component.STACK, at);
  }

  /**
   * @param fromRing the packet came off the ring the guest's driver polls (its poll goes on), not
   *     from a back-end
   */
  private void onStackRx(Packet packet, int frames, boolean fromRing, long now) {
    below.consumed(frames, now);
    here = softirqCore();
    if (packet == null) {
      // lost to a stray DMA: nothing reaches the stack
    } else if (packet instanceof Segment s) {
      TcpConnection c = tcp.get(s.connId());
      if (c == null) {
        segmentsAfterClose++; // a finite flow's end closed: nothing answers (no FIN, no RST)
      } else {
        c.onSegment(s, now);
        GuestApp app = apps.get(appOfFlow.get(s.connId()));
        app.onArrivals(now);
        if (app.end().finite()) {
          closeIfFinished(s.connId(), now);
        }
      }
    } else {
      Datagram d = (Datagram) packet;
      udp.get(d.flowId()).onDatagram(d, now);
      apps.get(appOfFlow.get(d.flowId())).onArrivals(now);
    }
    if ((fromRing || backupIo == null) && io.model().directAssignment()) {
      pollNext(now); // a software back-end's packets come as they come
    }
  }

  // ---- the SR-IOV mailbox, VF side ----

  /** The VF driver's probe: its mailbox requests, one after the other from {@code nowPs}. */
  @Override
  public void bringUpVf(long nowPs) {
    below.mailbox(0, SriovMailbox.vfPost(settings.virt(), softirqCore(), nowPs));
  }

  /** The PF's ACK to request {@code request} reaches the VF driver at {@code ackPs}. */
  @Override
  public void mailboxAck(int request, long ackPs) {
    SriovMailbox.Request r = SriovMailbox.BRING_UP.get(request);
    long t =
        SriovMailbox.vfReply(
            settings.virt(), costs, r, primaryIo::guestInterrupt, softirqCore(), ackPs);
    if (request + 1 < SriovMailbox.BRING_UP.size()) {
      below.mailbox(request + 1, SriovMailbox.vfPost(settings.virt(), softirqCore(), t));
    }
  }

  // ---- metrics ----

  /** Exits this guest's CPUs took so far. */
  long vmExits() {
    return primaryIo.stats().totalExits() + (backupIo == null ? 0 : backupIo.stats().totalExits());
  }

  /**
   * @param withIo report the I/O model's own counters (false when the host reports them, for a
   *     guest that shares its I/O path with the host)
   */
  @Override
  public void reportMetrics(String prefix, MetricSink sink, boolean withIo) {
    sink.put(prefix + "rxStackPackets", stackPackets);
    if (withIo) {
      sink.put(prefix + "dmaLostPackets", dmaLostPackets);
      primaryIo.reportMetrics(prefix, sink);
    }
    if (backupIo != null) {
      backupIo.reportMetrics(prefix + "bond.backup.", sink);
      sink.put(prefix + "bond.txDrops", bondTxDrops);
    }
    for (int c = 0; c < vcpus.length && !pooled; c++) {
      String core = prefix + "core" + c + ".";
      sink.put(core + "busyPs", vcpus[c].totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put(core + comp.metricName() + "Ps", vcpus[c].busyPs(comp));
      }
    }
    boolean one = prefix.isEmpty();
    reportFinite(prefix, one, sink);
    for (int i = 0; i < apps.size(); i++) {
      GuestApp app = apps.get(i);
      if (app == null) {
        continue; // a finite flow's end, not started or closed (see reportFinite)
      }
      int id = app.end().flowId();
      if (app instanceof MigrationStream m) {
        String p = "migration." + m.index() + (app.end().client() ? "." : ".destination.");
        app.reportMetrics(p, sink);
        TcpMetrics.report(tcp.get(id), p + "stream.", sink);
        continue;
      }
      String p = flowPrefix(app.end(), one);
      app.reportMetrics(p, sink);
      TcpConnection c = tcp.get(id);
      if (c != null) {
        TcpMetrics.report(c, p, sink);
      }
      UdpSocket s = udp.get(id);
      if (s != null) {
        sink.put(p + "datagramsSent", s.datagramsSent());
        sink.put(p + "datagramsReceived", s.datagramsReceived());
        sink.put(p + "receiveBufferDrops", s.receiveBufferDrops());
        sink.put(p + "sequenceGaps", s.sequenceGaps());
      }
    }
  }

  /** Both ends of a flow between two guests of a host report there: the server's apart. */
  private String flowPrefix(FlowEnd end, boolean one) {
    boolean bothHere = !one && !end.client() && hostMacs.contains(end.peerMac());
    return "flow" + end.flowId() + (bothHere ? ".server." : ".");
  }

  /**
   * What the closed finite flows' ends left ({@code flow<id>.fctPs} at the receiver, and the bytes
   * and retransmissions the results sum), and how many ends are still open.
   */
  private void reportFinite(String prefix, boolean one, MetricSink sink) {
    long open = 0;
    for (int i = 0; i < ends.size(); i++) {
      FlowEnd end = ends.get(i);
      long[] c = closed.get(end.flowId());
      if (c != null) {
        String p = flowPrefix(end, one);
        if (c[0] >= 0) {
          sink.put(p + "fctPs", c[0]);
        }
        sink.put(p + "measuredBytes", c[1]);
        sink.put(p + "retransmittedSegments", c[2]);
      } else if (end.finite() && apps.get(i) != null) {
        open++;
      }
    }
    if (open > 0 || segmentsAfterClose > 0) {
      sink.put(prefix + "finite.openEnds", open);
      sink.put(prefix + "finite.segmentsAfterClose", segmentsAfterClose);
    }
  }
}
