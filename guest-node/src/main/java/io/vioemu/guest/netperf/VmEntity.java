package io.vioemu.guest.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.guest.virt.GuestIo;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.netperf.DeviceLink;
import io.vioemu.host.netperf.GuestSpec;
import io.vioemu.host.netperf.GuestWords;
import io.vioemu.host.netperf.HostMeter;
import io.vioemu.host.netperf.KernelEvent;
import io.vioemu.host.netperf.NetperfSettings;
import io.vioemu.host.netperf.SelfScheduler;
import io.vioemu.host.netperf.VmLink;
import io.vioemu.host.netperf.VmMessage;
import io.vioemu.host.virt.DmaPath;
import io.vioemu.host.virt.IoModel;
import io.vioemu.stack.Packet;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A VM in an entity of its own: its vCPUs and its kernel ({@link GuestOs}), which reach the host's
 * device, back-end and hypervisor through messages ({@link VmLink}) that take {@link
 * NetperfSettings#vmHostLatencyPs} each way. Its host's entity keeps the device's side: the NIC,
 * its rings and interrupts, the IOMMU, the back-end. Because every VM pays that latency, a VM
 * placed on another JVM than its host gives the same results as one placed with it.
 *
 * <p>A VM that drives its own device keeps a replica of its DMA API ({@link
 * io.vioemu.host.virt.HostDma#replica}) for the cycles its calls cost; the host replays the calls
 * on the real one, in the IOMMU its device goes through.
 */
final class VmEntity implements Entity {
  /** The host whose device side the VM uses: its own, until it migrates. */
  private int hostEntity;

  /** Its guest index on that host. */
  private int guest;

  private final long linkPs;
  private final GuestOs kernel;
  private final String prefix;
  private final boolean withIo;
  private final HostMeter meter;
  private final SelfScheduler scheduler = new SelfScheduler();

  /** Until when the guest sees its back-end busy, as the host last told it. */
  private long backendBusyUntilPs = Long.MIN_VALUE;

  private long crashPs = Long.MAX_VALUE;

  /** Stopped by its hypervisor (a migration's downtime): events wait in {@link #held}. */
  private boolean paused;

  private final ArrayDeque<TimedEvent> held = new ArrayDeque<>();
  private long pauses;
  private long heldEvents;
  private long moves;
  private long dirtyLogCycles;
  private long staleHostMessages;

  /** The VM's bond and the migration that uses it, or null. */
  private final VmBond bond;

  /**
   * @param guest the VM's index among its host's guests
   * @param alone it is its host's only guest (its metrics need no prefix)
   * @param hostMacs every guest MAC of its host
   * @param dma its DMA API's replica when it drives its own device, else null
   * @param migration the migration of a VM under a bond (its VF's hot-unplug and hot-plug), else
   *     null
   */
  VmEntity(
      int hostEntity,
      int guest,
      boolean alone,
      GuestSpec spec,
      NetperfSettings settings,
      Set<Long> hostMacs,
      DmaPath dma,
      MigrationPlan.Spec migration) {
    this.hostEntity = hostEntity;
    this.guest = guest;
    this.linkPs = settings.vmHostLatencyPs();
    this.prefix = alone ? "" : "vm" + guest + ".";
    this.withIo = spec.io().virtualized() || settings.iommu() != DmaStrategy.OFF;
    CoreModel[] vcpus = new CoreModel[settings.vcpus()];
    for (int c = 0; c < vcpus.length; c++) {
      vcpus[c] = new CoreModel(settings.costs().clockHz());
    }
    GuestIo io = new GuestIo(settings.ioPath(spec.io(), dma, null));
    this.kernel =
        new GuestOs(guest, spec, settings, vcpus, false, io, true, hostMacs, scheduler, Map.of());
    kernel.attach(new DeviceApart());
    this.bond = migration == null ? null : new VmBond(migration);
    if (bond != null) {
      kernel.bond(new GuestIo(settings.ioPath(IoModel.VIRTIO, null, null)));
    }
    this.meter = new HostMeter(List.of(vcpus), settings, kernel::vmExits, () -> 0);
  }

  /** Its host crashes at {@code atPs}: from then on the VM handles nothing. */
  void crashAt(long atPs) {
    this.crashPs = atPs;
  }

  @Override
  public void onStart(EntityContext ctx) {
    scheduler.bind(ctx);
    if (kernel.io.model() == IoModel.SRIOV) {
      kernel.bringUpVf(ctx.nowPs());
    }
    kernel.start(ctx.nowPs());
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    if (ctx.nowPs() >= crashPs) {
      return;
    }
    scheduler.handling(event, ctx);
    int kind = event.kind();
    if (kind == VmMessage.HOST_PAUSE.id()) {
      paused = true;
      pauses++;
      return;
    }
    if (kind == VmMessage.HOST_RESUME.id()) {
      resume(ctx);
      moveTo(GuestWords.valueOf(event.word()), GuestWords.guestOf(event.word()), ctx);
      return;
    }
    if (bond != null && bond.drops(kind)) {
      return; // for a slave the bond does not use
    }
    if (event.srcEntity() != hostEntity && carriesFrames(kind)) {
      staleHostMessages++; // from the host it left: its device there no longer reaches it
      return;
    }
    if (paused) {
      held.add(event);
      heldEvents++;
      return;
    }
    handle(event, ctx.nowPs());
  }

  /**
   * The vCPUs run again: what reached the VM while it was stopped (its device's frames and
   * interrupts, its own timers) is handled now, in the order it came. The host's side went on
   * meanwhile, so its ring filled and its NIC dropped what did not fit.
   */
  private void resume(EntityContext ctx) {
    paused = false;
    while (!held.isEmpty() && !paused) {
      TimedEvent e = held.poll();
      scheduler.handling(e, ctx);
      handle(e, ctx.nowPs());
    }
  }

  /**
   * The VM runs at its destination now: its device side there takes over, announced to the network
   * by that host. Messages still on their way from the old host are not for it any more.
   */
  private void moveTo(long host, int guestThere, EntityContext ctx) {
    if (host == hostEntity && guestThere == guest) {
      return;
    }
    moves++;
    attach((int) host, guestThere, ctx);
  }

  /** The VM's device side is now {@code guestThere} of {@code host}, which takes its frames. */
  private void attach(int host, int guestThere, EntityContext ctx) {
    hostEntity = host;
    guest = guestThere;
    ctx.send(hostEntity, linkPs, 0, VmMessage.VM_ATTACH.id(), GuestWords.word(0, guest), null);
  }

  /**
   * Frames and interrupts from a host the VM has left are lost; what that host tells it about
   * frames it sent before it left (their bytes left the queue) still counts.
   */
  private static boolean carriesFrames(int kind) {
    return kind == VmMessage.HOST_RX.id()
        || kind == VmMessage.HOST_IRQ.id()
        || kind == VmMessage.HOST_BACKEND_RX.id();
  }

  private void handle(TimedEvent event, long now) {
    meter.onEvent(now);
    int kind = event.kind();
    long word = event.word();
    KernelEvent own = KernelEvent.of(kind);
    if (own != null) {
      kernel.onEvent(own, word, event.payload(), now);
      return;
    }
    VmMessage message = VmMessage.of(kind);
    if (message == null) {
      throw new IllegalArgumentException("VM got unknown event kind " + kind);
    }
    switch (message) {
      case HOST_RX -> {
        Frame f = (Frame) event.payload();
        if (bond != null) {
          bond.received(f.payloadBytes());
        }
        kernel.rx(f, now);
      }
      case HOST_IRQ -> kernel.irq(now);
      case HOST_BACKEND_RX -> {
        Frame f = (Frame) event.payload();
        if (bond != null) {
          bond.received(f.payloadBytes());
        }
        kernel.backendRx(
            (Packet) f.body(), (int) (word >>> 1), f.payloadBytes(), (word & 1) == 1, now);
      }
      case HOST_BACKEND_BUSY -> backendBusyUntilPs = word;
      case HOST_DRAINED -> kernel.drained((int) word, word >>> 32, backendBusyUntilPs, now);
      case HOST_MAILBOX_ACK -> {
        kernel.mailboxAck((int) word, now);
        if (bond != null && bond.vfUp((int) word, now)) {
          scheduler.self(bond.failbackPs(), VmMessage.BOND_FAILBACK, 0, null);
        }
      }
      case HOST_UNPLUG -> {
        bond.unplugged(now);
        kernel.unplugVf();
      }
      case HOST_FAILOVER -> {
        bond.failedOver(now);
        kernel.useBackup();
        attach((int) GuestWords.valueOf(word), GuestWords.guestOf(word), scheduler.ctx());
      }
      case HOST_HOTPLUG -> hotPlugged(word, now);
      case BOND_FAILBACK -> {
        bond.failedBack(now);
        kernel.usePrimary();
        attach(bond.vfHost(), bond.vfGuest(), scheduler.ctx());
      }
      case HOST_DIRTY_LOG -> {
        kernel.vcpus()[0].run(word, Component.HYPERVISOR, now);
        dirtyLogCycles += word;
      }
      default -> throw new IllegalArgumentException("VM got its own message back: " + message);
    }
  }

  /**
   * A VF was hot-plugged at the destination: an SR-IOV VF's driver brings it up over the mailbox
   * (the bond fails back once the last reply came), an assigned NIC is up at once.
   */
  private void hotPlugged(long word, long now) {
    bond.hotPlugged((int) GuestWords.valueOf(word), GuestWords.guestOf(word), now);
    if (bond.assigned() == IoModel.SRIOV) {
      kernel.bringUpVf(now);
    } else if (bond.vfUp(-1, now)) {
      scheduler.self(bond.failbackPs(), VmMessage.BOND_FAILBACK, 0, null);
    }
  }

  /** The guest's device, back-end and hypervisor: each call a message {@link #linkPs} later. */
  private final class DeviceApart implements DeviceLink {
    private void send(long atPs, VmMessage kind, long value, Object payload) {
      EntityContext ctx = scheduler.ctx();
      ctx.send(
          hostEntity,
          atPs - ctx.nowPs() + linkPs,
          0,
          kind.id(),
          GuestWords.word(value, guest),
          payload);
    }

    @Override
    public long backendBusyUntilPs() {
      return backendBusyUntilPs;
    }

    @Override
    public void transmit(Packet packet, int packetBytes, boolean notified, long readyPs) {
      if (bond != null) {
        bond.sent(packetBytes);
      }
      Frame f = new Frame(kernel.mac, 0, packetBytes, 0, 0, packet);
      send(readyPs, VmMessage.VM_TX, notified ? 1 : 0, f);
    }

    @Override
    public void delivered(int payloadBytes, long nowPs) {
      // the host counted the frame when its device handed it over
    }

    @Override
    public void refilled(int frames, int bytes, long nowPs) {
      send(nowPs, VmMessage.VM_REFILL, VmLink.refillWord(frames, bytes), null);
    }

    @Override
    public void consumed(int frames, long nowPs) {
      send(nowPs, VmMessage.VM_CONSUMED, frames, null);
    }

    @Override
    public void pollDone(long framesSeen, long nowPs) {
      send(nowPs, VmMessage.VM_POLL_DONE, framesSeen, null);
    }

    @Override
    public void mailbox(int request, long doorbellPs) {
      if (bond == null || bond.vfHost() < 0) {
        send(doorbellPs, VmMessage.VM_MAILBOX, request, null);
        return;
      }
      // a hot-plugged VF's mailbox, on its own device side
      EntityContext ctx = scheduler.ctx();
      ctx.send(
          bond.vfHost(),
          doorbellPs - ctx.nowPs() + linkPs,
          0,
          VmMessage.VM_MAILBOX.id(),
          GuestWords.word(request, bond.vfGuest()),
          null);
    }
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    kernel.reportMetrics(prefix, sink, withIo);
    meter.reportMetrics(sink);
    if (pauses > 0) {
      sink.put(prefix + "pauses", pauses);
      sink.put(prefix + "heldEvents", heldEvents);
      sink.put(prefix + "moves", moves);
      sink.put(prefix + "staleHostMessages", staleHostMessages);
      sink.put(prefix + "dirtyLogCycles", dirtyLogCycles);
    }
    if (bond != null) {
      bond.reportMetrics(sink);
    }
  }
}
