package io.vioemu.fabric.cluster;

import io.vioemu.fabric.ethernet.Attachment;
import io.vioemu.fabric.ethernet.FabricEvents;
import io.vioemu.fabric.ethernet.ForwardingTable;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.ethernet.SwitchEntity;
import io.vioemu.fabric.ethernet.SwitchModel;
import io.vioemu.fabric.ethernet.SwitchPorts;
import io.vioemu.fabric.ethernet.SwitchSettings;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.fabric.kernel.Mix;
import io.vioemu.fabric.kernel.TimedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A routed switch of a {@link ClusterShape}: the same output-queued store-and-forward {@link
 * SwitchModel} as the star's, with routes instead of MAC learning. A frame for a host of this
 * switch's rack goes down its port; any other frame goes to one port of the ECMP group towards the
 * destination's rack, chosen by hashing the flow's addresses and id (its 5-tuple: the fabric's flow
 * id stands for the ports and protocol), salted per switch so that tiers do not make the same
 * choice. Every frame of a flow in one direction takes the same path while routing does not change,
 * so a flow is never reordered by the fabric.
 *
 * <p>Failures ({@link FaultPlan}): a frame that reaches a port whose link, this switch or the far
 * switch is down is lost ({@code lostFrames}): sent into a dead link, or into a dead switch.
 * Routing moves to the next epoch's groups at the times the plan gives (failure plus detection
 * delay); a frame whose destination rack has no route in the current epoch is dropped ({@code
 * unroutableFrames}).
 *
 * <p>A VM that migrates announces its MAC from its new host with a broadcast (a RARP, QEMU's
 * self-announce). The fabric floods it with a split horizon (what comes from below goes out of
 * every other port, what comes from above goes down only), as an EVPN fabric spreads a MAC-mobility
 * route, and every switch it passes learns the ports it came in on as the MAC's way from then on,
 * ECMP among them: exactly the ports towards the VM's new rack. Frames for the MAC that a switch
 * forwards before its copy of the announcement arrives still go to the old rack, where the old host
 * no longer takes them. A later announcement of the same MAC (another sequence number) replaces
 * what was learned; learned ways do not follow later link failures.
 */
public final class ClusterSwitch implements Entity, SwitchPorts, ForwardingTable {
  private static final long MAC_BASE = StarTopologyModel.macOf(0);
  private static final long HOST_MASK = (1L << 24) - 1;

  private final int sw;
  private final int hosts;
  private final int hostsPerEdge;
  private final FaultPlan faults;
  private final boolean faulty;
  private final Attachment[] attachments;
  private final SwitchModel model;
  private final int[][][] groups;
  private final long[] epochStartsPs;
  private final long salt;

  /** Per port: whether it faces down (a host, or a switch of a lower tier). */
  private final boolean[] facesDown;

  /** MACs that moved: the ports their announcement came in on. */
  private final Map<Long, Learned> moved = new HashMap<>();

  private long announcements;
  private int epoch;
  private long nowPs;
  private long lostFrames;
  private long unroutableFrames;
  private EntityContext ctx;

  public ClusterSwitch(
      int sw,
      ClusterRoutes routes,
      FaultPlan faults,
      long bufferBytes,
      long forwardingPs,
      long jitterPs) {
    ClusterShape shape = faults.shape();
    this.sw = sw;
    this.hosts = shape.hosts();
    this.hostsPerEdge = shape.hostsPerEdge();
    this.faults = faults;
    this.faulty = faults.hasFaults();
    int n = shape.portCount(sw);
    this.attachments = new Attachment[n];
    List<LinkSettings> links = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      attachments[p] = shape.peer(sw, p);
      links.add(shape.link(sw, p));
    }
    this.model =
        new SwitchModel(new SwitchSettings(links, bufferBytes, forwardingPs, jitterPs), this, this);
    this.groups = routes.groupsOf(sw);
    this.epochStartsPs = routes.epochStartsPs();
    this.salt = Mix.mix64(0xC1A5_7E4DL + sw);
    this.facesDown = new boolean[n];
    for (int p = 0; p < n; p++) {
      int peer = shape.peerSwitch(sw, p);
      facesDown[p] = peer < 0 || routes.tierOf(peer) < routes.tierOf(sw);
    }
  }

  /** Where a moved MAC is reached from here: the ports one announcement came in on, ascending. */
  private record Learned(long seq, int[] ports) {
    Learned with(int port) {
      int i = Arrays.binarySearch(ports, port);
      if (i >= 0) {
        return this;
      }
      int[] more = new int[ports.length + 1];
      int at = -i - 1;
      System.arraycopy(ports, 0, more, 0, at);
      more[at] = port;
      System.arraycopy(ports, at, more, at + 1, ports.length - at);
      return new Learned(seq, more);
    }
  }

  /** A VM's announcement from its new host: learn the port it came in on as the MAC's way. */
  @Override
  public void observe(int ingressPort, Frame frame) {
    if (frame.dstMac() != Frame.BROADCAST || hostOfMac(frame.srcMac(), hosts) < 0) {
      return;
    }
    announcements++;
    Learned known = moved.get(frame.srcMac());
    if (known == null || known.seq() != frame.seq()) {
      moved.put(frame.srcMac(), new Learned(frame.seq(), new int[] {ingressPort}));
    } else if (facesDown[ingressPort] && !facesDown[known.ports()[0]]) {
      // a way down beats the ways up: the MAC is below this switch
      moved.put(frame.srcMac(), new Learned(frame.seq(), new int[] {ingressPort}));
    } else if (facesDown[ingressPort] == facesDown[known.ports()[0]]) {
      moved.put(frame.srcMac(), known.with(ingressPort));
    }
  }

  @Override
  public boolean floodsTo(int ingressPort, int port) {
    return port != ingressPort && (facesDown[ingressPort] || facesDown[port]);
  }

  @Override
  public void onStart(EntityContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    this.ctx = ctx;
    this.nowPs = ctx.nowPs();
    int port = (int) event.word();
    switch (event.kind()) {
      case FabricEvents.FRAME -> {
        if (faulty && !faults.portUp(sw, port, nowPs)) {
          lostFrames++;
          return;
        }
        model.onFrame(port, (Frame) event.payload(), nowPs);
      }
      case FabricEvents.TX_FREE -> model.onTransmitterFree(port, nowPs);
      case FabricEvents.FORWARD -> model.onForwardingDone(port, (Frame) event.payload(), nowPs);
      default ->
          throw new IllegalArgumentException("switch got unknown event kind " + event.kind());
    }
  }

  /** The host a MAC belongs to (a guest's MAC carries its guest number above bit 24), or -1. */
  static int hostOfMac(long mac, int hosts) {
    long offset = mac - MAC_BASE;
    if (offset < 0 || offset >= (1L << 40)) {
      return -1;
    }
    long host = offset & HOST_MASK;
    return host < hosts ? (int) host : -1;
  }

  /** The ECMP hash of a frame's flow at this switch. */
  long flowHash(Frame frame) {
    return Mix.mix64(
        frame.srcMac() * 0x9E37_79B9_7F4A_7C15L
            + frame.dstMac() * 0xC2B2_AE3D_27D4_EB4FL
            + frame.flowId() * 0x1656_67B1_9E37_79F9L
            + salt);
  }

  @Override
  public int route(int ingressPort, Frame frame) {
    if (frame.dstMac() == Frame.BROADCAST) {
      return FLOOD;
    }
    if (!moved.isEmpty()) {
      Learned way = moved.get(frame.dstMac());
      if (way != null) {
        int[] ports = way.ports();
        return ports.length == 1
            ? ports[0]
            : ports[(int) Long.remainderUnsigned(flowHash(frame), ports.length)];
      }
    }
    int host = hostOfMac(frame.dstMac(), hosts);
    if (host < 0) {
      unroutableFrames++;
      return ingressPort;
    }
    int rack = host / hostsPerEdge;
    if (rack == sw) {
      return host % hostsPerEdge;
    }
    while (epoch + 1 < epochStartsPs.length && nowPs >= epochStartsPs[epoch + 1]) {
      epoch++;
    }
    int[] group = groups[epoch][rack];
    if (group.length == 0) {
      unroutableFrames++;
      return ingressPort;
    }
    return group.length == 1
        ? group[0]
        : group[(int) Long.remainderUnsigned(flowHash(frame), group.length)];
  }

  @Override
  public void reportMetrics(MetricSink sink) {
    SwitchEntity.report(model, attachments.length, sink);
    sink.put("lostFrames", lostFrames);
    sink.put("unroutableFrames", unroutableFrames);
    if (announcements > 0) {
      // only where a VM moved, so that runs without migration keep their counters
      sink.put("announcements", announcements);
      sink.put("movedMacs", moved.size());
    }
  }

  @Override
  public void transmit(int port, Frame frame, long arrivalPs) {
    if (faulty && !faults.portUp(sw, port, ctx.nowPs())) {
      lostFrames++;
      return;
    }
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
