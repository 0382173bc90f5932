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
import io.vioemu.host.virt.DmaPath;
import io.vioemu.host.virt.HostIo;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IoPath;
import io.vioemu.stack.Packet;
import io.vioemu.stack.tcp.GroMerge;
import io.vioemu.stack.tcp.Segment;
import io.vioemu.stack.udp.Datagram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A physical host: its NIC with its PCIe link and embedded switch, its memory and IOMMU, the
 * software back-ends of its VMs, and the guests' kernels ({@link ResidentKernel}, made by the guest
 * side's {@link KernelFactory}) that live in this entity: its native OS, and VMs that share the
 * host's cores. Other VMs run in entities of their own ({@code io.vioemu.guest.netperf.VmEntity})
 * and reach the host through messages ({@link VmLink}).
 *
 * <ul>
 *   <li>receive: the NIC writes frames over its PCIe link into the addressed guest's ring and
 *       interrupts (moderated; masked while the guest polls); a software back-end's host driver
 *       polls the physical ring on the back-end's core and hands each packet to the guest, with a
 *       virtual interrupt if the guest is not polling;
 *   <li>send: each guest's queue (its qdisc, or its virtual function's queue) feeds the NIC, which
 *       takes one frame at a time from the guests in turn, reading it over its PCIe link (shared by
 *       all the guests' DMA), one frame ahead of the wire, and tells each socket when its bytes
 *       have left (what TCP small queues and UDP send buffers wait for); frames between two guests
 *       of this host cross the NIC's embedded switch, not the wire.
 * </ul>
 */
public final class StackHost implements Entity {
  private final NetperfSettings settings;
  private final HostPort port;
  private final List<GuestSlot> slots = new ArrayList<>();

  /** The guests' kernels in this entity, by guest index; null for a guest apart. */
  private final ResidentKernel[] kernels;

  private final Map<Long, GuestSlot> slotOfMac = new HashMap<>();
  private final long embeddedSwitchBitsPerSec;

  /** Latency of every message to or from a VM apart. */
  private final long vmLinkPs;

  /** Physical cores shared by every guest's CPUs, or null when each CPU has its own. */
  private final CoreModel[] pool;

  private final HostMeter meter;

  /** The host's memory and one IOMMU, the NIC's PCIe link, the SR-IOV mailbox, an attack. */
  private final HostDevices devices;

  /** A frame is being read from memory for the NIC (one at a time, one frame ahead). */
  private boolean txFetching;

  /** A RARP packet (28 bytes) padded to Ethernet's minimum payload. */
  static final int RARP_BYTES = 46;

  private final SelfScheduler scheduler = new SelfScheduler();
  private EntityContext ctx;
  private long crashPs = Long.MAX_VALUE;
  private long frameSeq;
  private int nextGuestToServe;
  private long embeddedSwitchBusyUntilPs;
  private long embeddedSwitchFrames;

  /** Some guest's DMA API has time-driven work (deferred or optimistic): its timers are set. */
  private final boolean timedDmaApi;

  /** A host whose guests all live in this entity. */
  public StackHost(
      List<GuestSpec> specs,
      NetperfSettings settings,
      LinkSettings link,
      Attachment uplink,
      long embeddedSwitchBitsPerSec,
      DeviceSettings deviceSettings,
      KernelFactory kernels) {
    this(
        specs,
        settings,
        link,
        uplink,
        embeddedSwitchBitsPerSec,
        deviceSettings,
        kernels,
        filled(specs.size()));
  }

  private static int[] filled(int n) {
    int[] none = new int[n];
    Arrays.fill(none, -1);
    return none;
  }

  /**
   * @param embeddedSwitchBitsPerSec how fast the NIC moves a frame from one guest to another of
   *     this host
   * @param deviceSettings the NIC's PCIe link, and an attack by the first guest if any
   * @param kernels makes the kernels that live in this entity
   * @param vmEntities per guest, the entity it runs in, or -1 for this one
   */
  public StackHost(
      List<GuestSpec> specs,
      NetperfSettings settings,
      LinkSettings link,
      Attachment uplink,
      long embeddedSwitchBitsPerSec,
      DeviceSettings deviceSettings,
      KernelFactory kernels,
      int[] vmEntities) {
    if (specs.isEmpty() || specs.size() >= 1 << GuestWords.GUEST_BITS) {
      throw new IllegalArgumentException(
          "a host runs 1.." + ((1 << GuestWords.GUEST_BITS) - 1) + " guests");
    }
    this.settings = settings;
    this.embeddedSwitchBitsPerSec = embeddedSwitchBitsPerSec;
    this.vmLinkPs = settings.vmHostLatencyPs();
    TrafficSpec none = new TrafficSpec(Frame.BROADCAST, link.mtuBytes(), 0, 0, 1);
    this.port =
        new HostPort(
            specs.get(0).mac(), none, link, uplink, 2L * Ethernet.frameBytes(link.mtuBytes()));
    // the pool is a hypervisor's: a bare-metal OS keeps a core per CPU
    this.pool = specs.stream().anyMatch(x -> x.io().virtualized()) ? pool(settings) : null;
    List<IoModel> models = specs.stream().map(GuestSpec::io).toList();
    this.devices = new HostDevices(models, settings, deviceSettings, pool);
    this.kernels = new ResidentKernel[specs.size()];
    Set<Long> macs = new HashSet<>();
    specs.forEach(s -> macs.add(s.mac()));
    int nextCore = 0;
    for (int g = 0; g < specs.size(); g++) {
      GuestSpec spec = specs.get(g);
      GuestSlot slot =
          vmEntities[g] >= 0
              ? apart(g, spec, vmEntities[g])
              : inHere(g, spec, nextCore, Set.copyOf(macs), kernels);
      nextCore += vcpus(spec) + (slot.backendCore != null ? 1 : 0);
      slots.add(slot);
      slotOfMac.putIfAbsent(spec.mac(), slot); // a bond's backup waits behind its VF
    }
    this.meter = new HostMeter(physicalCores(), settings, this::vmExits, this::deviceInterrupts);
    this.timedDmaApi =
        slots.stream()
            .anyMatch(
                s ->
                    s.io.dma().strategy() == DmaStrategy.DEFERRED
                        || s.io.dma().strategy() == DmaStrategy.OPTIMISTIC);
  }

  private int vcpus(GuestSpec spec) {
    return spec.io().virtualized() ? settings.vcpus() : settings.cores();
  }

  /** A guest whose kernel lives here, on the host's shared cores or on cores of its own. */
  private GuestSlot inHere(
      int g, GuestSpec spec, int firstCore, Set<Long> macs, KernelFactory factory) {
    boolean backEnd = !spec.io().directAssignment();
    int vcpus = vcpus(spec);
    CoreModel[] cores = new CoreModel[vcpus + (backEnd ? 1 : 0)];
    for (int c = 0; c < cores.length; c++) {
      cores[c] =
          pool != null
              ? pool[(firstCore + c) % pool.length]
              : new CoreModel(settings.costs().clockHz());
    }
    CoreModel backendCore = backEnd ? cores[vcpus] : null;
    IoPath path = settings.ioPath(spec.io(), devices.dma.path(g), devices.dma.grants(g));
    HostIo io = new HostIo(path, backendCore, false);
    GuestSlot slot = new GuestSlot(g, spec, settings, io, backendCore, pool != null, vcpus, false);
    ResidentKernel kernel =
        factory.create(
            g,
            spec,
            Arrays.copyOf(cores, vcpus),
            pool != null,
            path,
            macs,
            scheduler,
            new DeviceHere(slot));
    kernels[g] = kernel;
    slot.up = kernel;
    return slot;
  }

  /** A VM in an entity of its own: the host keeps its device's side and its back-end. */
  private GuestSlot apart(int g, GuestSpec spec, int entity) {
    IoModel m = spec.io();
    boolean assigned = m.directAssignment();
    CoreModel backendCore = assigned ? null : new CoreModel(settings.costs().clockHz());
    DmaPath dma = assigned ? devices.dma.deviceSidePath(g) : devices.dma.path(g);
    HostIo io = new HostIo(settings.ioPath(m, dma, devices.dma.grants(g)), backendCore, assigned);
    GuestSlot slot = new GuestSlot(g, spec, settings, io, backendCore, false, vcpus(spec), true);
    slot.up = new KernelApart(entity);
    return slot;
  }

  /** The pool, or every guest's own CPUs in this entity, then the PF driver's core. */
  private List<CoreModel> physicalCores() {
    if (pool != null) {
      return List.of(pool);
    }
    List<CoreModel> out = new ArrayList<>();
    for (GuestSlot s : slots) {
      if (kernels[s.index] != null) {
        out.addAll(List.of(kernels[s.index].vcpus()));
      }
      if (s.backendCore != null) {
        out.add(s.backendCore);
      }
    }
    if (devices.pfCore() != null) {
      out.add(devices.pfCore());
    }
    return out;
  }

  /** Exits of the guests here (a guest apart counts its own). */
  private long vmExits() {
    long sum = 0;
    for (GuestSlot s : slots) {
      sum += s.io.stats().totalExits();
    }
    return sum;
  }

  private long deviceInterrupts() {
    long sum = 0;
    for (GuestSlot s : slots) {
      sum += s.interrupts;
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

  @Override
  public void onStart(EntityContext ctx) {
    bind(ctx);
    for (GuestSlot s : slots) {
      if (kernels[s.index] != null && s.io.model() == IoModel.SRIOV) {
        kernels[s.index].bringUpVf(ctx.nowPs());
      }
    }
    if (devices.attackPs() >= 0) {
      self(devices.attackPs() - ctx.nowPs(), HostEvent.ATTACK, 0, null);
    }
    for (ResidentKernel k : kernels) {
      if (k != null) {
        k.start(ctx.nowPs());
      }
    }
  }

  private void bind(EntityContext ctx) {
    this.ctx = ctx;
    scheduler.bind(ctx);
    port.bind(ctx);
  }

  /**
   * A guest that migrates here later: its device side exists from the start, detached until the VM
   * attaches ({@link VmMessage#VM_ATTACH}). Set before the run starts.
   */
  public void arrivesLater(int guest) {
    GuestSlot slot = slots.get(guest);
    slot.detached = true;
    slot.migrates = true;
  }

  /**
   * The host crashes at {@code atPs}: from then on it handles nothing (its kernels, its VMs in this
   * entity and their connections are gone; nothing is sent, what arrives is ignored). Never, unless
   * set before the run starts.
   */
  public void crashAt(long atPs) {
    this.crashPs = atPs;
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    if (ctx.nowPs() >= crashPs) {
      return;
    }
    bind(ctx);
    scheduler.handling(event, ctx);
    long now = ctx.nowPs();
    meter.onEvent(now);
    long word = event.word();
    int kind = event.kind();
    switch (kind) {
      case FabricEvents.FRAME -> onFrame((Frame) event.payload(), now);
      case FabricEvents.TX_FREE -> {
        port.nic().onTransmitterFree(now);
        feedNic(now);
      }
      default -> onModelEvent(kind, word, event.payload(), now);
    }
    if (timedDmaApi) {
      armDmaTimers(now);
    }
  }

  /**
   * Sets each guest's DMA API timer to its next deadline if that is earlier than the timer's (the
   * first unmap of a deferred batch arms the flush; an optimistic mapping kept arms its teardown),
   * as the OS's timer would be.
   */
  private void armDmaTimers(long now) {
    for (GuestSlot s : slots) {
      long at = s.io.dma().dmaApiDeadlinePs();
      if (at < s.dmaTimerPs) {
        s.dmaTimerPs = at;
        self(Math.max(0, at - now), HostEvent.DMA_TIMER, GuestWords.word(0, s.index), null);
      }
    }
  }

  /** A guest's DMA API timer fires (unless a sooner deadline replaced it): its work runs now. */
  private void onDmaTimer(GuestSlot slot, long now) {
    if (now != slot.dmaTimerPs) {
      return;
    }
    slot.dmaTimerPs = Long.MAX_VALUE;
    ResidentKernel k = kernels[slot.index];
    slot.io.dmaTimer(k != null ? k.vcpus()[0] : null, now);
  }

  /** An event of the host's own, of a kernel that lives here, or from a VM apart. */
  private void onModelEvent(int kind, long word, Object payload, long now) {
    HostEvent host = HostEvent.of(kind);
    if (host != null) {
      onHostEvent(host, word, payload, now);
      return;
    }
    KernelEvent kernel = KernelEvent.of(kind);
    if (kernel != null) {
      kernels[GuestWords.guestOf(word)].onEvent(kernel, word, payload, now);
      return;
    }
    VmMessage message = VmMessage.of(kind);
    if (message == null) {
      throw new IllegalArgumentException("host got unknown event kind " + kind);
    }
    onVmMessage(
        message, slots.get(GuestWords.guestOf(word)), GuestWords.valueOf(word), payload, now);
  }

  private void onHostEvent(HostEvent kind, long word, Object payload, long now) {
    switch (kind) {
      case LOCAL_FRAME -> onFrame((Frame) payload, now);
      case TX_DMA -> {
        txFetching = false;
        sendOut((Frame) payload, now);
        feedNic(now);
      }
      case ATTACK -> devices.attack(slots.get(0).io.dma(), 0, now);
      default -> onGuestEvent(kind, slots.get(GuestWords.guestOf(word)), word, payload, now);
    }
  }

  /** An event about one guest, named in the word's low bits. */
  private void onGuestEvent(HostEvent kind, GuestSlot slot, long word, Object payload, long now) {
    long value = GuestWords.valueOf(word);
    switch (kind) {
      case RX_DMA -> onRxDma(slot, (Frame) payload, now);
      case IRQ_TIMER -> {
        if (value == slot.moderation.generation() && slot.moderation.pending() > 0) {
          interrupt(slot, now);
        }
      }
      case HOST_POLL -> {
        slot.inRing -= (int) value;
        hostPollNext(slot, now);
      }
      case TX_READY -> onTxReady(slot, (Packet) payload, value, now);
      case DMA_TIMER -> onDmaTimer(slot, now);
      case GUEST_DETACH -> {
        slot.detached = true;
        slot.migrates = true;
      }
      default -> throw new IllegalArgumentException("not a guest's event: " + kind);
    }
  }

  /** What a VM apart tells its host. */
  private void onVmMessage(VmMessage kind, GuestSlot slot, long value, Object payload, long now) {
    switch (kind) {
      case VM_TX -> {
        Frame f = (Frame) payload;
        onGuestTransmit(slot, (Packet) f.body(), f.payloadBytes(), value == 1, now);
      }
      case VM_REFILL ->
          slot.io.replayRefill(VmLink.refillFrames(value), VmLink.refillBytes(value), now);
      case VM_CONSUMED -> onConsumed(slot, (int) value);
      case VM_POLL_DONE -> onPollDone(slot, value, now);
      case VM_MAILBOX -> onMailbox(slot, (int) value, now);
      case VM_ATTACH -> onAttach(slot, now);
      default -> throw new IllegalArgumentException("host got a VM's message to itself: " + kind);
    }
  }

  private void self(long delayPs, HostEvent kind, long word, Object payload) {
    scheduler.self(delayPs, kind, word, payload);
  }

  // ---- what the guests' drivers do to the host ----

  /** A guest's packet, let go at {@code readyPs}, goes through its back-end into its queue. */
  private void onGuestTransmit(
      GuestSlot slot, Packet packet, int packetBytes, boolean notified, long readyPs) {
    long ready = slot.io.hostTransmit(packetBytes, readyPs, notified);
    if (slot.apart && slot.io.model().directAssignment() && !slot.io.lastDmaLanded()) {
      slot.dmaLostPackets++;
      packet = new LostPacket(packet); // the device read someone else's bytes
    }
    // the IOTLB miss of the device's read, if any: its walk delays the fetch
    long walk = slot.io.dma().lastTxWalkPs();
    self(ready - ctx.nowPs(), HostEvent.TX_READY, GuestWords.word(walk, slot.index), packet);
  }

  /**
   * Ring slots the guest gave back. A migrated VM gives back, at its new host, slots its old host
   * filled (frames that were in its ring when it stopped travel with its memory): never below
   * empty.
   */
  private void onConsumed(GuestSlot slot, int frames) {
    if (slot.io.model().directAssignment()) {
      slot.inRing = Math.max(0, slot.inRing - frames);
    } else {
      // the physical ring slots were freed by HOST_POLL
      slot.guestBacklog = Math.max(0, slot.guestBacklog - frames);
    }
  }

  /**
   * The guest's driver ends its poll and unmasks its interrupt. Frames the device handed it after
   * it last looked (those that landed while the unmask was on its way) count toward the next
   * interrupt from now, under the moderation like any frame: the device raises it when its count,
   * its timer and its throttle allow, not at once. An adaptive throttle takes this poll's traffic.
   */
  private void onPollDone(GuestSlot slot, long framesSeen, long now) {
    slot.masked = false;
    pollEnded(slot);
    long unseen = slot.framesSent - framesSeen;
    if (unseen > 0) {
      moderate(slot, (int) unseen, now);
    }
  }

  /** A driver's poll ended: the adaptive throttle, if any, takes what it handled since the last. */
  private static void pollEnded(GuestSlot slot) {
    slot.moderation.pollDone(slot.framesSincePoll, slot.bytesSincePoll);
    slot.framesSincePoll = 0;
    slot.bytesSincePoll = 0;
  }

  /** {@code frames} frames count toward the next interrupt: it fires now or a timer is armed. */
  private void moderate(GuestSlot slot, int frames, long now) {
    long due = slot.moderation.onFrames(frames, now);
    if (due == now) {
      interrupt(slot, now);
    } else if (due != Long.MAX_VALUE) {
      self(
          due - now,
          HostEvent.IRQ_TIMER,
          GuestWords.word(slot.moderation.generation(), slot.index),
          null);
    }
  }

  /**
   * A migrated VM runs here now, or a bonded VM's other slave became active: its device takes its
   * frames, and the host sends a RARP broadcast from its MAC (QEMU's self-announce; a bond's
   * failover sends a gratuitous ARP, num_grat_arp 1) so that every switch learns its port.
   */
  private void onAttach(GuestSlot slot, long now) {
    slot.detached = false;
    // a bond's other slave here (the same MAC) stops taking frames: the VM uses this one now
    for (GuestSlot other : slots) {
      if (other != slot && other.mac == slot.mac && !other.detached) {
        other.detached = true;
        other.migrates = true;
      }
    }
    slotOfMac.put(slot.mac, slot);
    port.nic().enqueue(new Frame(slot.mac, Frame.BROADCAST, RARP_BYTES, -1, frameSeq++, null), now);
    feedNic(now);
  }

  /** The PF answers a VF's mailbox request; the NIC raises the ACK interrupt to the VF. */
  private void onMailbox(GuestSlot slot, int request, long doorbellPs) {
    long ack = devices.mailbox().pfHandle(devices.bringUpRequest(request), doorbellPs);
    slot.up.mailboxAck(request, slot.io.hostInterrupt(ack));
  }

  // ---- below IP: the guests' queues, the NIC and its embedded switch ----

  private void onTxReady(GuestSlot slot, Packet packet, long walkPs, long now) {
    if (packet instanceof LostPacket lost) {
      slot.up.drained(lost.flowId(), lost.packetBytes(), slot.backendBusyUntilPs(), now);
      return;
    }
    if (packet instanceof Segment s) {
      long peer = slot.peerOfFlow.get(s.connId());
      int mss = settings.tcp().mssBytes();
      long from = s.seq();
      do {
        int len = (int) Math.min(mss, s.endSeq() - from);
        boolean last = from + len >= s.endSeq();
        Segment piece = len == s.lenBytes() ? s : s.slice(from, len);
        slot.qdisc.add(
            new GuestSlot.Queued(
                frame(slot, peer, s.connId(), piece.packetBytes(), piece),
                s.connId(),
                last ? s.packetBytes() : 0,
                from == s.seq() ? walkPs : 0));
        from += len;
      } while (from < s.endSeq());
    } else {
      Datagram d = (Datagram) packet;
      long peer = slot.peerOfFlow.get(d.flowId());
      slot.qdisc.add(
          new GuestSlot.Queued(
              frame(slot, peer, d.flowId(), d.packetBytes(), d),
              d.flowId(),
              d.packetBytes(),
              walkPs));
    }
    slot.maxQdiscFrames = Math.max(slot.maxQdiscFrames, slot.qdisc.size());
    feedNic(now);
  }

  private Frame frame(GuestSlot slot, long dstMac, int flowId, int packetBytes, Object body) {
    return new Frame(slot.mac, dstMac, packetBytes, flowId, frameSeq++, body);
  }

  /**
   * Keeps one frame waiting in the NIC behind the one on the wire, taking the guests' queues in
   * turn (round robin, as a NIC serves its virtual functions' queues); frames for a guest of this
   * host go through the embedded switch instead.
   */
  private void feedNic(long now) {
    while (port.nic().queuedFrames() == 0 && !txFetching) {
      GuestSlot slot = nextSlotWithFrames();
      if (slot == null) {
        return;
      }
      GuestSlot.Queued q = slot.qdisc.poll();
      // the NIC reads the frame over PCIe before it can send or switch it, after the page walk
      // of an IOTLB miss on its buffer
      txFetching = true;
      long fetched = devices.pcie.transmit(q.frame().payloadBytes(), now + q.walkPs());
      self(fetched - now, HostEvent.TX_DMA, slot.index, q.frame());
      if (q.drainBytes() > 0) {
        slot.up.drained(q.flowId(), q.drainBytes(), slot.backendBusyUntilPs(), now);
      }
    }
  }

  /** A frame the NIC has read from memory goes to the wire, or to a guest of this host. */
  private void sendOut(Frame frame, long now) {
    GuestSlot local = slotFor(frame.dstMac());
    if (local != null && !local.detached) {
      switchLocally(frame, now);
    } else {
      port.nic().enqueue(frame, now);
    }
  }

  /** The guest with this MAC, or null; one guest (the common case) needs no map. */
  private GuestSlot slotFor(long mac) {
    if (slots.size() == 1) {
      GuestSlot only = slots.get(0);
      return only.mac == mac ? only : null;
    }
    return slotOfMac.get(mac);
  }

  private GuestSlot nextSlotWithFrames() {
    for (int i = 0; i < slots.size(); i++) {
      GuestSlot slot = slots.get((nextGuestToServe + i) % slots.size());
      if (!slot.qdisc.isEmpty()) {
        nextGuestToServe = (slot.index + 1) % slots.size();
        return slot;
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
    self(embeddedSwitchBusyUntilPs - now, HostEvent.LOCAL_FRAME, 0, frame);
  }

  // ---- receiving ----

  private void onFrame(Frame frame, long now) {
    GuestSlot slot = slotFor(frame.dstMac());
    if (slot == null) {
      return; // flooded to us, not ours
    }
    if (slot.detached) {
      slot.detachedDrops++; // sent where the VM was (or will be), before the switches learned
      return;
    }
    if (slot.inRing >= settings.rxRingFrames()) {
      slot.rxRingDrops++;
      return;
    }
    if (!devices.pcie.admit(frame.payloadBytes())) {
      return; // the NIC's packet buffer is full of frames waiting for their DMA
    }
    slot.inRing++;
    // the device writes into the next posted buffer: an IOTLB miss walks first
    long walk = slot.io.dma().deviceWrite(frame.payloadBytes(), now);
    long written = devices.pcie.receive(frame.payloadBytes(), now + walk);
    self(written - now, HostEvent.RX_DMA, slot.index, frame);
  }

  /**
   * A received frame is in memory: a guest that drives its device may see it, a back-end's host
   * driver may; the NIC interrupts unless its interrupt is masked or moderated.
   */
  private void onRxDma(GuestSlot slot, Frame frame, long now) {
    devices.pcie.received(frame.payloadBytes());
    slot.framesSincePoll++;
    slot.bytesSincePoll += frame.payloadBytes();
    if (slot.io.model().directAssignment()) {
      Frame f = frame;
      if (slot.apart) {
        port.delivered(frame.payloadBytes(), now);
        if (!slot.io.receivesLand()) {
          f = new Frame(f.srcMac(), f.dstMac(), f.payloadBytes(), f.flowId(), f.seq(), null);
        }
      }
      slot.framesSent++;
      slot.framesWritten++;
      slot.up.rx(f, now);
      if (slot.masked) {
        return; // NAPI: the driver polls and will find this frame
      }
    } else {
      slot.landed.add(frame);
      if (slot.hostPolling) {
        return;
      }
    }
    moderate(slot, 1, now);
  }

  /**
   * The NIC interrupts: a guest that drives its device masks it and polls (NAPI) until its ring is
   * empty; a software back-end's host driver polls the physical ring.
   */
  private void interrupt(GuestSlot slot, long now) {
    slot.interrupts++;
    slot.io.hostInterrupt(now);
    slot.moderation.fire(now);
    if (slot.io.model().directAssignment()) {
      slot.masked = true;
      slot.up.irq(now);
    } else {
      slot.hostPolling = true;
      hostPollNext(slot, now);
    }
  }

  /**
   * A software back-end's host takes the next packet off the physical ring, merging (GRO) what has
   * landed behind it; its part runs on the back-end's core and the poll goes on when that part is
   * done, while the packet goes to the guest, if its ring has room.
   */
  private void hostPollNext(GuestSlot slot, long now) {
    if (slot.detached) {
      // the VM stopped: its back-end stops too (QEMU stops vhost), and what waits is lost
      slot.detachedDrops += slot.landed.size();
      slot.landed.clear();
    }
    Frame f = slot.landed.poll();
    if (f == null) {
      slot.hostPolling = false;
      pollEnded(slot);
      return;
    }
    port.delivered(f.payloadBytes(), now);
    Packet packet = (Packet) f.body();
    int bytes = f.payloadBytes();
    int frames = 1;
    if (settings.gro() && packet instanceof Segment first && first.lenBytes() > 0) {
      Segment s = first;
      while (GroMerge.mergeable(s, slot.landed.peek())) {
        Segment n = (Segment) slot.landed.poll().body();
        port.delivered(n.packetBytes(), now);
        s = GroMerge.merge(s, n);
        bytes += n.lenBytes();
        frames++;
      }
      packet = s;
    }
    long at = slot.io.hostReceive(frames, bytes, now);
    self(at - now, HostEvent.HOST_POLL, GuestWords.word(frames, slot.index), null);
    if (slot.guestBacklog + frames > settings.rxRingFrames()) {
      slot.backendDrops += frames;
      return;
    }
    boolean inject = slot.guestBacklog == 0; // the guest is not polling: interrupt it
    if (inject) {
      at = slot.io.hostInject(at);
    }
    slot.guestBacklog += frames;
    slot.framesWritten += frames;
    slot.up.backendRx(packet, frames, bytes, inject, at);
  }

  // ---- the two ways to a guest's kernel ----

  /** A kernel's device here: calls act at once. */
  private final class DeviceHere implements DeviceLink {
    private final GuestSlot slot;

    DeviceHere(GuestSlot slot) {
      this.slot = slot;
    }

    @Override
    public long backendBusyUntilPs() {
      return slot.backendBusyUntilPs();
    }

    @Override
    public void transmit(Packet packet, int packetBytes, boolean notified, long readyPs) {
      onGuestTransmit(slot, packet, packetBytes, notified, readyPs);
    }

    @Override
    public void delivered(int payloadBytes, long nowPs) {
      port.delivered(payloadBytes, nowPs);
    }

    @Override
    public void refilled(int frames, int bytes, long nowPs) {
      // the kernel's DMA API is the device's own: nothing to replay
    }

    @Override
    public void consumed(int frames, long nowPs) {
      onConsumed(slot, frames);
    }

    @Override
    public void pollDone(long framesSeen, long nowPs) {
      onPollDone(slot, framesSeen, nowPs);
    }

    @Override
    public void mailbox(int request, long doorbellPs) {
      onMailbox(slot, request, doorbellPs);
    }

    @Override
    public long framesWrittenTo(int guest) {
      return slots.get(guest).framesWritten;
    }
  }

  /** A kernel in a VM entity: every call is a message {@link #vmLinkPs} later. */
  private final class KernelApart implements GuestLink {
    private final int entity;
    private long toldBusyUntilPs = Long.MIN_VALUE;

    KernelApart(int entity) {
      this.entity = entity;
    }

    private void send(long atPs, VmMessage kind, long word, Object payload) {
      ctx.send(entity, atPs - ctx.nowPs() + vmLinkPs, 0, kind.id(), word, payload);
    }

    @Override
    public void rx(Frame frame, long nowPs) {
      send(nowPs, VmMessage.HOST_RX, 0, frame);
    }

    @Override
    public void irq(long nowPs) {
      send(nowPs, VmMessage.HOST_IRQ, 0, null);
    }

    @Override
    public void backendRx(Packet packet, int frames, int bytes, boolean inject, long readyPs) {
      Frame f = new Frame(0, 0, bytes, 0, 0, packet);
      send(readyPs, VmMessage.HOST_BACKEND_RX, VmLink.backendRxWord(frames, inject), f);
    }

    @Override
    public void drained(int flowId, long bytes, long backendBusyUntilPs, long nowPs) {
      if (backendBusyUntilPs != toldBusyUntilPs && backendBusyUntilPs != Long.MIN_VALUE) {
        toldBusyUntilPs = backendBusyUntilPs;
        send(nowPs, VmMessage.HOST_BACKEND_BUSY, backendBusyUntilPs, null);
      }
      send(nowPs, VmMessage.HOST_DRAINED, VmLink.drainedWord(flowId, bytes), null);
    }

    @Override
    public void mailboxAck(int request, long ackPs) {
      send(ackPs, VmMessage.HOST_MAILBOX_ACK, request, null);
    }
  }

  // ---- metrics ----

  @Override
  public void reportMetrics(MetricSink sink) {
    port.reportMetrics(sink);
    if (crashPs != Long.MAX_VALUE) {
      sink.put("crashedAtPs", crashPs);
    }
    boolean one = slots.size() == 1;
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
    for (GuestSlot s : slots) {
      boolean withIo =
          s.io.model().virtualized()
              || settings.iommu() != DmaStrategy.OFF
              || settings.dmaApi().hostStrategy() != DmaStrategy.OFF;
      hostIo |= withIo;
      String prefix = one ? "" : "vm" + s.index + ".";
      s.reportMetrics(prefix, sink, withIo);
      if (kernels[s.index] != null) {
        kernels[s.index].reportMetrics(prefix, sink, withIo);
      }
    }
    devices.reportMetrics(sink, hostIo);
    meter.reportMetrics(sink);
  }
}
