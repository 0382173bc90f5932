package io.vioemu.host.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.InterruptModeration;
import io.vioemu.host.virt.HostIo;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * What a host keeps for one of its guests: the guest's queue of frames on their way to the NIC, its
 * receive ring as the device sees it, with interrupt moderation and masking, its software back-end
 * (with the back-end's core and its poll of the physical ring), and how to reach the guest's
 * kernel, in this entity or in one of its own.
 */
final class GuestSlot {
  /**
   * A frame on its way to the NIC, and what its owner is told when it leaves for the wire.
   *
   * @param walkPs the page walk the device's read of its packet met, which delays its fetch (on the
   *     packet's first frame)
   */
  record Queued(Frame frame, int flowId, long drainBytes, long walkPs) {}

  final int index;
  final long mac;

  /** When this guest's DMA API timer is set to fire; {@link Long#MAX_VALUE} when it is not. */
  long dmaTimerPs = Long.MAX_VALUE;

  /** The host's view of the guest's I/O model (the guest's own when it lives in this entity). */
  final HostIo io;

  /** The core that runs the guest's software back-end; null under direct assignment. */
  final CoreModel backendCore;

  /** The back-end's core is one of the host's shared ones, reported per physical core. */
  final boolean pooled;

  /** Index of the back-end's core in the guest's CPU numbering (after its vCPUs). */
  final int backendCoreNumber;

  /** The guest runs in an entity of its own. */
  final boolean apart;

  final InterruptModeration moderation;
  final ArrayDeque<Queued> qdisc = new ArrayDeque<>();

  /** Frames on the physical ring that a software back-end's host driver has not yet taken. */
  final ArrayDeque<Frame> landed = new ArrayDeque<>();

  /** Where each of the guest's flows goes. */
  final Map<Integer, Long> peerOfFlow = new HashMap<>();

  GuestLink up;

  /** Receive descriptors the device has filled that the guest (or back-end) has not given back. */
  int inRing;

  /**
   * The guest does not run here (a migrating VM stopped here, or one that has not arrived): frames
   * for it are dropped ({@link #detachedDrops}).
   */
  boolean detached;

  /** Whether the guest was ever detached here: its drops are then reported. */
  boolean migrates;

  long detachedDrops;

  /** Frames the device or back-end wrote into the guest's memory. */
  long framesWritten;

  /** A software back-end's host driver is polling the physical ring. */
  boolean hostPolling;

  /** The guest masked its device's interrupt to poll (NAPI). */
  boolean masked;

  /** Frames the device handed the guest's ring in all (see {@link DeviceLink#pollDone}). */
  long framesSent;

  /** Packets a software back-end has handed to the guest that its stack has not yet taken. */
  int guestBacklog;

  /** Packets a software back-end dropped because the guest's ring was full. */
  long backendDrops;

  long rxRingDrops;

  /** Packets of a guest apart whose transmit DMA went astray (the guest counts its receives). */
  long dmaLostPackets;

  long interrupts;
  long maxQdiscFrames;

  /**
   * Frames and bytes handed to the guest's driver (or the back-end's) since its last poll ended.
   */
  long framesSincePoll;

  long bytesSincePoll;

  GuestSlot(
      int index,
      GuestSpec spec,
      NetperfSettings settings,
      HostIo io,
      CoreModel backendCore,
      boolean pooled,
      int backendCoreNumber,
      boolean apart) {
    this.index = index;
    this.mac = spec.mac();
    this.io = io;
    this.backendCore = backendCore;
    this.pooled = pooled;
    this.backendCoreNumber = backendCoreNumber;
    this.apart = apart;
    this.moderation = settings.moderation();
    for (FlowEnd end : spec.ends()) {
      peerOfFlow.put(end.flowId(), end.peerMac());
    }
  }

  long backendBusyUntilPs() {
    return backendCore == null ? Long.MIN_VALUE : backendCore.busyUntilPs();
  }

  void reportMetrics(String prefix, MetricSink sink, boolean withIo) {
    sink.put(prefix + "rxRingDrops", rxRingDrops);
    if (migrates) {
      sink.put(prefix + "migratedAwayDrops", detachedDrops);
    }
    if (!io.model().directAssignment()) {
      sink.put(prefix + "backendDrops", backendDrops);
    }
    sink.put(prefix + "rxInterrupts", interrupts);
    sink.put(prefix + "maxQdiscFrames", maxQdiscFrames);
    if (withIo && apart) {
      // the guest reports its own view of both
      sink.put(prefix + "dmaLostPackets", dmaLostPackets);
      io.reportMetrics(prefix, sink);
    }
    if (backendCore != null && !pooled) {
      String core = prefix + "core" + backendCoreNumber + ".";
      sink.put(core + "busyPs", backendCore.totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put(core + comp.metricName() + "Ps", backendCore.busyPs(comp));
      }
    }
  }
}
