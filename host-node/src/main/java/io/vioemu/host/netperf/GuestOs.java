package io.vioemu.host.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.net.InterruptModeration;
import io.vioemu.host.tcp.TcpConnection;
import io.vioemu.host.udp.UdpSocket;
import io.vioemu.host.virt.HostDma;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.VirtualIo;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One operating system on a host: the native OS of a bare-metal host, or one VM. It has its own MAC
 * (a virtual function's, under SR-IOV), CPUs (vCPUs first, then the host core that runs its
 * software back-end, if any), receive ring with interrupt moderation, and queue of frames to send;
 * the host's NIC serves the queues of all its guests in turn.
 */
final class GuestOs {
  /** A frame on its way to the NIC, and what its owner is told when it leaves for the wire. */
  record Queued(Frame frame, int flowId, long drainBytes) {}

  /** Transmit descriptors, each with a buffer of its own (ixgbe's default ring). */
  static final int TX_RING_SLOTS = 512;

  /**
   * The driver's buffers, one per descriptor: 2 KiB each, as ixgbe's (see {@link
   * io.vioemu.host.virt.DmaPath}).
   */
  static final int DMA_BUFFER_BYTES = 2048;

  final int index;
  final long mac;
  final CoreModel[] cores;
  final int vcpus;

  /** CPUs shared with other guests: their time is reported per physical core, by the host. */
  final boolean pooled;

  final VirtualIo io;
  final InterruptModeration moderation;
  final ArrayDeque<Frame> landed = new ArrayDeque<>();
  final ArrayDeque<Queued> qdisc = new ArrayDeque<>();

  /** This guest's sockets and applications by flow id (both ends of a flow may live on a host). */
  final Map<Integer, TcpConnection> tcp = new HashMap<>();

  final Map<Integer, UdpSocket> udp = new HashMap<>();
  final Map<Integer, Integer> appOfFlow = new HashMap<>();
  int inRing;
  boolean polling;

  /** Packets a software back-end has handed to the guest that its stack has not yet taken. */
  int guestBacklog;

  /** Packets a software back-end dropped because the guest's ring was full. */
  long backendDrops;

  long rxRingDrops;
  long interrupts;
  long stackPackets;
  long maxQdiscFrames;

  /** Packets lost because their DMA went astray (see {@link VirtualIo#lastDmaLanded}). */
  long dmaLostPackets;

  /**
   * @param pool the host's physical cores that vCPUs and back-end threads share, or null for a core
   *     of their own each
   * @param firstCore where in the pool this guest's CPUs start (they wrap around)
   * @param dma the host's memory and IOMMU, holding this guest's DMA path
   */
  GuestOs(
      int index,
      long mac,
      IoModel model,
      NetperfSettings settings,
      CoreModel[] pool,
      int firstCore,
      HostDma dma) {
    this.index = index;
    this.mac = mac;
    this.pooled = pool != null;
    HostCosts costs = settings.costs();
    boolean backEnd = !model.directAssignment();
    this.vcpus = model.virtualized() ? settings.vcpus() : settings.cores();
    this.cores = new CoreModel[vcpus + (backEnd ? 1 : 0)];
    for (int c = 0; c < cores.length; c++) {
      cores[c] = pooled ? pool[(firstCore + c) % pool.length] : new CoreModel(costs.clockHz());
    }
    this.io =
        new VirtualIo(
            model,
            settings.virt(),
            costs,
            settings.postedInterrupts(),
            dma.path(index),
            backEnd ? cores[cores.length - 1] : null,
            dma.grants(index));
    this.moderation = new InterruptModeration(settings.coalesceFrames(), settings.coalescePs());
  }

  /** Guest memory the rings' DMA buffers take, for {@code rxRingFrames} receive descriptors. */
  static long ringBufferBytes(int rxRingFrames) {
    return (long) (TX_RING_SLOTS + rxRingFrames) * DMA_BUFFER_BYTES;
  }

  /** Interrupts and the stack's softirq work. */
  CoreModel softirqCore() {
    return cores[0];
  }

  /** The applications' (v)CPU: the last of the guest's own. */
  CoreModel appCore() {
    return cores[vcpus - 1];
  }

  void reportMetrics(String prefix, MetricSink sink, boolean withIo) {
    sink.put(prefix + "rxRingDrops", rxRingDrops);
    if (!io.model().directAssignment()) {
      sink.put(prefix + "backendDrops", backendDrops);
    }
    sink.put(prefix + "rxInterrupts", interrupts);
    sink.put(prefix + "rxStackPackets", stackPackets);
    sink.put(prefix + "maxQdiscFrames", maxQdiscFrames);
    if (withIo) {
      sink.put(prefix + "dmaLostPackets", dmaLostPackets);
    }
    if (withIo) {
      io.reportMetrics(prefix, sink);
    }
    for (int c = 0; c < cores.length && !pooled; c++) {
      String core = prefix + "core" + c + ".";
      sink.put(core + "busyPs", cores[c].totalBusyPs());
      for (Component comp : Component.values()) {
        sink.put(core + comp.metricName() + "Ps", cores[c].busyPs(comp));
      }
    }
  }
}
