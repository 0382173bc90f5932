package io.vioemu.guest.netperf;

import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.FrameCodec;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.fabric.kernel.Placement;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.netperf.DeviceSettings;
import io.vioemu.host.netperf.FlowEnd;
import io.vioemu.host.netperf.GuestSpec;
import io.vioemu.host.netperf.HostDevices;
import io.vioemu.host.netperf.NetperfSettings;
import io.vioemu.host.netperf.NetperfTest;
import io.vioemu.host.netperf.StackHost;
import io.vioemu.host.pcie.PcieSettings;
import io.vioemu.host.virt.DmaAttack;
import io.vioemu.host.virt.HostDma;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.VirtCosts;
import io.vioemu.stack.PacketCodec;
import io.vioemu.stack.tcp.TcpSettings;
import io.vioemu.stack.udp.Datagram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * netperf between bare-metal {@link StackHost}s on one switch. Hosts 0..senders-1 run netperf (the
 * clients), each with {@code flowsPerHost} flows to host i+1, or all to {@code incastHost}; the
 * destination runs netserver. Flow ids are {@code host * flowsPerHost + j}; flow k starts at {@code
 * startPs + k * startStaggerPs} and stops at {@code stopPs}, unless {@code flow.<k>.startPs} or
 * {@code flow.<k>.stopPs} are set. Registered as {@code netperf-star}.
 */
public final class NetperfStarModel implements Model {
  private static final Set<String> PARAMS = params();

  /**
   * Switch pipelines vary by tens to hundreds of nanoseconds; without any variation, TCP senders at
   * line rate phase-lock with a full drop-tail queue and one flow starves the others (see {@link
   * io.vioemu.fabric.ethernet.SwitchSettings}).
   */
  static final long DEFAULT_JITTER_PS = 100_000;

  /** Shorter series intervals would be a trace, not a series: one result per interval and flow. */
  static final long MIN_SERIES_INTERVAL_PS = 1_000_000;

  /**
   * Every page of a VM's memory is set up (and, with a direct IOMMU mapping, mapped) per page: 64
   * GiB, 16 M pages, is far beyond what a network experiment needs.
   */
  static final int MAX_VM_MEMORY_MIB = 65_536;

  private static final long MIB = 1L << 20;
  private static final long BOUNCE_PAGE_BYTES = 4096;

  /**
   * How long what a VM and its host tell each other takes to be seen, by default: half the ~500 ns
   * round trip of a small PCIe read that Neugebauer et al. measured ("Understanding PCIe
   * performance for end host networking", SIGCOMM 2018, Fig. 4), a posted write's one way. A cache
   * line moving between cores (a ring's flags under virtio) takes less, of the order of 100 ns.
   */
  static final long DEFAULT_VM_HOST_LATENCY_PS = 250_000;

  private final StarTopologyModel star;
  private final NetperfSettings settings;
  private final List<NetperfFlow> flows;
  private final VmLayout vms;

  private NetperfStarModel(
      StarTopologyModel star, NetperfSettings settings, List<NetperfFlow> flows, VmLayout vms) {
    this.star = star;
    this.settings = settings;
    this.flows = List.copyOf(flows);
    this.vms = vms;
  }

  private static Set<String> params() {
    Set<String> s = new TreeSet<>(HostCosts.paramNames());
    s.addAll(VirtCosts.paramNames());
    s.addAll(
        List.of(
            "io.model",
            "io.vmHosts",
            "io.vmsPerHost",
            "io.embeddedSwitchBitsPerSec",
            "pairing",
            "io.postedInterrupts",
            "io.iommu",
            "io.deferredBatch",
            "io.iotlbEntries",
            "io.iotlbWays",
            "io.hostCores",
            "io.vcpus",
            "io.vmMemoryMiB",
            "io.pcieBitsPerSec",
            "io.pcieTlpOverheadBytes",
            "io.attack",
            "io.attackPs",
            "io.vmHostLatencyPs"));
    s.addAll(
        List.of(
            "hosts",
            "senders",
            "incastHost",
            "rateBitsPerSec",
            "propagationPs",
            "mtuBytes",
            "switchBufferBytes",
            "forwardingPs",
            "forwardingJitterPs",
            "test",
            "messageBytes",
            "responseBytes",
            "receiveCallBytes",
            "flowsPerHost",
            "startPs",
            "startStaggerPs",
            "stopPs",
            FlowSchedule.START,
            FlowSchedule.STOP,
            "warmupPs",
            "seriesIntervalPs",
            "tcp.timestamps",
            "tcp.sack",
            "tcp.noDelay",
            "tcp.delayedAck",
            "tcp.delayedAckPs",
            "tcp.initialCwndSegments",
            "tcp.sendBufferBytes",
            "tcp.receiveBufferBytes",
            "tcp.minRtoPs",
            "tcp.initialRtoPs",
            "tcp.maxRtoPs",
            "tcp.queueLimitBytes",
            "tcp.congestion",
            "udpBufferBytes",
            "nic.tso",
            "nic.tsoMaxBytes",
            "nic.gro",
            "nic.checksumOffload",
            "cores",
            "rxRingFrames",
            "rxCoalesceFrames",
            "rxCoalescePs"));
    return Set.copyOf(s);
  }

  /**
   * The parameter names this model reads; {@code flow.*.startPs} and {@code flow.*.stopPs} are
   * patterns (see {@link ModelParams#matches}).
   */
  public static Set<String> paramNames() {
    return PARAMS;
  }

  public NetperfSettings settings() {
    return settings;
  }

  /** Builds the model; every bad parameter fails here, naming itself. */
  public static NetperfStarModel fromParams(Map<String, String> raw) {
    ModelParams p = new ModelParams("netperf-star", raw, PARAMS);
    int hosts = p.getInt("hosts", 2, 2, 1 << 16);
    int senders = p.getInt("senders", 1, 1, hosts);
    int incast = p.getInt("incastHost", -1, -1, hosts - 1);
    checkIncast(p, incast, senders, "local".equals(raw.get("pairing")));
    LinkSettings link = StarTopologyModel.linkFromParams(p);
    if (link.mtuBytes() < 576) {
      throw p.invalid("mtuBytes", "TCP/IP needs an MTU of at least 576 bytes");
    }
    IoModel io = IoModel.fromParam(p.getChoice("io.model", "bare-metal", ioModels()));
    NetperfSettings settings = settings(p, link.mtuBytes(), io);
    int flowsPerHost = p.getInt("flowsPerHost", 1, 1, 1 << 12);
    String vmHosts = p.getChoice("io.vmHosts", "all", List.of("all", "clients", "servers"));
    long startPs = p.getLong("startPs", 0, 0, Long.MAX_VALUE / 4);
    long staggerPs = p.getLong("startStaggerPs", 0, 0, 1L << 40);
    int vmsPerHost = p.getInt("io.vmsPerHost", 1, 1, 1023);
    boolean local = p.getChoice("pairing", "remote", List.of("remote", "local")).equals("local");
    if (local && vmsPerHost < 2) {
      throw p.invalid("pairing", "pairing: local needs io.vmsPerHost >= 2 (VM to VM on one host)");
    }
    int[] guestsOf = new int[hosts];
    List<List<List<FlowEnd>>> ends = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      guestsOf[h] = io.virtualized() && vmHost(h, senders, vmHosts) ? vmsPerHost : 1;
      List<List<FlowEnd>> perGuest = new ArrayList<>();
      for (int g = 0; g < guestsOf[h]; g++) {
        perGuest.add(new ArrayList<>());
      }
      ends.add(perGuest);
    }
    List<Integer> flowIds = new ArrayList<>();
    for (int h = 0; h < senders; h++) {
      int dst = local ? h : incast >= 0 ? incast : (h + 1) % hosts;
      for (int j = 0; j < flowsPerHost && (dst != h || local); j++) {
        flowIds.add(h * flowsPerHost + j);
      }
    }
    FlowSchedule schedule = FlowSchedule.read(p, flowIds, startPs, staggerPs, settings.stopPs());
    List<NetperfFlow> flows = new ArrayList<>();
    for (int id : flowIds) {
      int h = id / flowsPerHost;
      int j = id % flowsPerHost;
      int dst = local ? h : incast >= 0 ? incast : (h + 1) % hosts;
      long start = schedule.startPs(id);
      long stop = schedule.stopPs(id);
      flows.add(new NetperfFlow(id, h, dst, start, stop));
      int client = local ? (2 * j) % guestsOf[h] : j % guestsOf[h];
      int server = local ? (2 * j + 1) % guestsOf[h] : j % guestsOf[dst];
      ends.get(h).get(client).add(new FlowEnd(id, guestMac(dst, server), true, start, stop));
      ends.get(dst).get(server).add(new FlowEnd(id, guestMac(h, client), false, start, stop));
    }
    long eswitch = p.getLong("io.embeddedSwitchBitsPerSec", 32_000_000_000L, 1, 1L << 42);
    DeviceSettings devices = devices(p, io, settings);
    int attacker = firstVmHost(hosts, senders, vmHosts, io);
    if (devices.attack() != DmaAttack.Kind.NONE && attacker < 0) {
      throw p.invalid("io.attack", "io.attack needs a VM host: io.vmHosts selects none");
    }
    List<List<GuestSpec>> specs = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      IoModel model = guestsOf[h] > 1 || vmHost(h, senders, vmHosts) ? io : IoModel.BARE_METAL;
      List<GuestSpec> guests = new ArrayList<>();
      for (int g = 0; g < guestsOf[h]; g++) {
        guests.add(new GuestSpec(guestMac(h, g), model, ends.get(h).get(g)));
      }
      specs.add(guests);
    }
    // a VM apart needs a latency to its host, and cores of its own
    VmLayout vms =
        new VmLayout(specs, hosts + 1, settings.hostCores() == 0 && settings.vmHostLatencyPs() > 0);
    StarTopologyModel star =
        new StarTopologyModel(
            hosts,
            senders,
            incast,
            link,
            p.getLong("switchBufferBytes", 512 * 1024, 0, Long.MAX_VALUE),
            p.getLong("forwardingPs", 500_000, 0, Long.MAX_VALUE),
            p.getLong("forwardingJitterPs", DEFAULT_JITTER_PS, 0, Long.MAX_VALUE / 4),
            new TrafficSpec(Frame.BROADCAST, 0, 0, 0, 1),
            (host, mac, flow, l, uplink) ->
                new StackHost(
                    specs.get(host),
                    settings,
                    l,
                    uplink,
                    eswitch,
                    host == attacker ? devices : devices.peaceful(),
                    GuestOs.resident(settings),
                    vms.entitiesOf(host)));
    return new NetperfStarModel(star, settings, flows, vms);
  }

  /** An incast host among the senders would send to itself: that flow would carry nothing. */
  private static void checkIncast(ModelParams p, int incast, int senders, boolean pairedLocally) {
    if (incast >= 0 && incast < senders && senders == 1) {
      throw p.invalid("incastHost", "incastHost " + incast + " is the only sender: no flow left");
    }
    if (incast >= 0 && incast < senders && !pairedLocally) {
      throw p.invalid(
          "incastHost",
          "incastHost "
              + incast
              + " is also a sender (senders "
              + senders
              + " are hosts 0.."
              + (senders - 1)
              + "): its flow to itself would carry nothing; use senders <= "
              + incast
              + " or another incastHost");
    }
  }

  /**
   * A TCP message larger than the socket send buffer is never accepted whole: the flow would carry
   * nothing. Names the parameter the file set (the message, else the buffer).
   */
  private static void checkFitsSendBuffer(ModelParams p, String name, long bytes, long buffer) {
    if (bytes <= buffer) {
      return;
    }
    String blamed = p.has(name) || !p.has("tcp.sendBufferBytes") ? name : "tcp.sendBufferBytes";
    throw p.invalid(
        blamed,
        name
            + " "
            + bytes
            + " is larger than the socket send buffer tcp.sendBufferBytes "
            + buffer
            + ": the message never fits and the flow carries nothing; lower "
            + name
            + " or raise tcp.sendBufferBytes");
  }

  /**
   * Guest g of host h: guest 0 has the host's own MAC; the others (VMs, SR-IOV virtual functions)
   * get locally administered addresses of their own.
   */
  static long guestMac(int host, int guest) {
    return StarTopologyModel.macOf(host) + ((long) guest << 24);
  }

  /**
   * The NIC's PCIe link (defaults: PCIe 2.0 x8, see {@link PcieSettings}) and the DMA attack: only
   * a guest that drives its own device can program it, so {@code io.attack} needs pass-through or
   * SR-IOV.
   */
  private static DeviceSettings devices(ModelParams p, IoModel io, NetperfSettings settings) {
    PcieSettings pcie =
        PcieSettings.of(
            p.getLong("io.pcieBitsPerSec", PcieSettings.GEN2_X8_BITS_PER_SEC, 1, 1L << 42),
            p.getInt("io.pcieTlpOverheadBytes", PcieSettings.TLP_OVERHEAD_BYTES, 0, 4096));
    List<String> kinds = new ArrayList<>();
    for (DmaAttack.Kind k : DmaAttack.Kind.values()) {
      kinds.add(k.paramName());
    }
    DmaAttack.Kind attack = DmaAttack.Kind.fromParam(p.getChoice("io.attack", "none", kinds));
    if (attack != DmaAttack.Kind.NONE && !(io.virtualized() && io.directAssignment())) {
      throw p.invalid(
          "io.attack",
          "io.attack "
              + attack.paramName()
              + " needs a guest that drives its own device: io.model passthrough or sriov, not "
              + io.paramName());
    }
    long defaultAttackPs = settings.warmupPs() > 0 ? settings.warmupPs() : 1_000_000_000L;
    long attackPs = p.getLong("io.attackPs", defaultAttackPs, 0, Long.MAX_VALUE / 4);
    return new DeviceSettings(pcie, attack, attackPs);
  }

  /** The first host whose endpoints run in VMs, or -1 if none does. */
  private static int firstVmHost(int hosts, int senders, String vmHosts, IoModel io) {
    for (int h = 0; io.virtualized() && h < hosts; h++) {
      if (vmHost(h, senders, vmHosts)) {
        return h;
      }
    }
    return -1;
  }

  /** Which hosts run their endpoints in a VM: all, the netperf clients, or the others. */
  private static boolean vmHost(int host, int senders, String vmHosts) {
    return switch (vmHosts) {
      case "clients" -> host < senders;
      case "servers" -> host >= senders;
      default -> true;
    };
  }

  /**
   * @param io decides the default DMA strategy: a guest that drives its NIC gives it guest-physical
   *     addresses, which only work if the host has mapped all of guest memory in the IOMMU ({@code
   *     direct}, as VFIO does); bare metal defaults to no IOMMU
   */
  private static NetperfSettings settings(ModelParams p, int mtu, IoModel io) {
    TcpSettings d = TcpSettings.linux(mtu);
    boolean tso = p.getBoolean("nic.tso", false);
    TcpSettings tcp =
        new TcpSettings(
            mtu,
            p.getBoolean("tcp.timestamps", d.timestamps()),
            p.getBoolean("tcp.sack", d.sack()),
            p.getBoolean("tcp.noDelay", d.noDelay()),
            p.getBoolean("tcp.delayedAck", d.delayedAck()),
            p.getLong("tcp.delayedAckPs", d.delayedAckPs(), 1, 1L << 50),
            p.getInt("tcp.initialCwndSegments", d.initialCwndSegments(), 1, 1 << 16),
            p.getLong("tcp.sendBufferBytes", d.sendBufferBytes(), 2L * mtu, 1L << 34),
            p.getLong("tcp.receiveBufferBytes", d.receiveBufferBytes(), 2L * mtu, 1L << 34),
            p.getLong("tcp.minRtoPs", d.minRtoPs(), 1, 1L << 50),
            p.getLong("tcp.initialRtoPs", d.initialRtoPs(), 1, 1L << 50),
            p.getLong("tcp.maxRtoPs", d.maxRtoPs(), 1, 1L << 55),
            tso ? p.getInt("nic.tsoMaxBytes", 65_536, mtu, 262_144) : 0,
            p.getLong("tcp.queueLimitBytes", d.queueLimitBytes(), mtu, 1L << 34),
            p.getChoice("tcp.congestion", d.congestion(), List.of("cubic", "newreno")));
    NetperfTest test;
    String name = p.getChoice("test", "TCP_STREAM", names());
    test = NetperfTest.valueOf(name);
    int maxUdp = Datagram.maxDataBytes(mtu);
    int message =
        p.getInt(
            "messageBytes",
            test.tcp() ? 16_384 : (test.requestResponse() ? 1 : 1_024),
            1,
            test.tcp() ? 1 << 26 : maxUdp);
    int response =
        p.getInt(
            "responseBytes",
            test.requestResponse() ? 1 : message,
            1,
            test.tcp() ? 1 << 26 : maxUdp);
    if (test.tcp()) {
      checkFitsSendBuffer(p, "messageBytes", message, tcp.sendBufferBytes());
      checkFitsSendBuffer(p, "responseBytes", response, tcp.sendBufferBytes());
    }
    long stopPs = p.getLong("stopPs", Long.MAX_VALUE, 0, Long.MAX_VALUE);
    long warmupPs = p.getLong("warmupPs", 0, 0, Long.MAX_VALUE);
    if (warmupPs >= stopPs) {
      throw p.invalid("warmupPs", "warmupPs must be before stopPs");
    }
    long seriesPs = p.getLong("seriesIntervalPs", 0, 0, Long.MAX_VALUE / 4);
    if (seriesPs > 0 && seriesPs < MIN_SERIES_INTERVAL_PS) {
      throw p.invalid(
          "seriesIntervalPs",
          "seriesIntervalPs must be 0 (no series) or at least "
              + MIN_SERIES_INTERVAL_PS
              + " (1 us), was "
              + seriesPs);
    }
    int cores = p.getInt("cores", 1, 1, 2);
    int rxRingFrames = p.getInt("rxRingFrames", 512, 1, 1 << 20);
    int coalesceFrames = p.getInt("rxCoalesceFrames", 1, 1, 1 << 16);
    long coalescePs = p.getLong("rxCoalescePs", 0, 0, 1L << 50);
    if (coalesceFrames > 1 && coalescePs == 0) {
      throw p.invalid("rxCoalescePs", "rxCoalescePs must be > 0 when rxCoalesceFrames > 1");
    }
    try {
      return new NetperfSettings(
          test,
          message,
          response,
          p.getInt("receiveCallBytes", 131_072, 1, 1 << 26),
          stopPs,
          warmupPs,
          tcp,
          p.getLong("udpBufferBytes", 212_992, mtu, 1L << 34),
          p.getBoolean("nic.gro", false),
          p.getBoolean("nic.checksumOffload", true),
          cores,
          rxRingFrames,
          coalesceFrames,
          coalescePs,
          HostCosts.fromParams(p),
          VirtCosts.fromParams(p),
          p.getBoolean("io.postedInterrupts", false),
          DmaStrategy.fromConfigName(
              p.getChoice(
                  "io.iommu",
                  io.virtualized() && io.directAssignment() ? "direct" : "off",
                  strategies())),
          p.getInt("io.deferredBatch", 256, 1, 1 << 20),
          iommuHardware(p),
          p.getInt("io.hostCores", 0, 0, 1 << 12),
          seriesPs,
          p.getInt("io.vcpus", cores, 1, 2),
          vmMemoryMiB(p, rxRingFrames),
          p.getLong("io.vmHostLatencyPs", DEFAULT_VM_HOST_LATENCY_PS, 0, 1_000_000_000L));
    } catch (ModelParameterException e) {
      throw e; // already names its parameter
    } catch (IllegalArgumentException e) {
      throw p.invalid("test", e.getMessage());
    }
  }

  /**
   * 0 (absent) leaves the size to the DMA setup. A size must hold what the NIC driver keeps in
   * guest memory: a 2 KiB buffer per descriptor and, under the {@code copy} strategy, a bounce page
   * per descriptor.
   */
  private static int vmMemoryMiB(ModelParams p, int rxRingFrames) {
    if (!p.has("io.vmMemoryMiB")) {
      return 0;
    }
    long descriptors = DeviceSettings.TX_RING_SLOTS + rxRingFrames;
    long bytes = DeviceSettings.ringBufferBytes(rxRingFrames) + descriptors * BOUNCE_PAGE_BYTES;
    int min = (int) ((bytes + MIB - 1) / MIB);
    return p.getInt("io.vmMemoryMiB", min, min, MAX_VM_MEMORY_MIB);
  }

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    for (NetperfTest t : NetperfTest.values()) {
      out.add(t.name());
    }
    return out;
  }

  private static List<String> strategies() {
    List<String> out = new ArrayList<>();
    for (DmaStrategy s : DmaStrategy.values()) {
      out.add(s.configName());
    }
    return out;
  }

  /**
   * IOTLB geometry: vendors do not publish it. The defaults (64 entries, 4 ways) are an assumption
   * of the same order as the sizes measured by reverse engineering (Amit et al., "IOMMU: Strategies
   * for Mitigating the IOTLB Bottleneck", WIOSCA 2010); set them per experiment.
   */
  private static IommuSettings iommuHardware(ModelParams p) {
    int entries = p.getInt("io.iotlbEntries", 64, 1, 1 << 16);
    int ways = p.getInt("io.iotlbWays", 4, 1, 1 << 16);
    if (entries % ways != 0) {
      throw p.invalid("io.iotlbWays", "io.iotlbEntries must be a multiple of io.iotlbWays");
    }
    return new IommuSettings(entries, ways, 256, 32);
  }

  private static List<String> ioModels() {
    List<String> out = new ArrayList<>();
    for (IoModel m : IoModel.values()) {
      out.add(m.paramName());
    }
    return out;
  }

  /** The switch and hosts of the star, then the VMs in entities of their own. */
  @Override
  public int entityCount() {
    return star.entityCount() + vms.count();
  }

  /** A VM and its host talk with {@link NetperfSettings#vmHostLatencyPs}; the rest over links. */
  @Override
  public long lookaheadPs() {
    return vms.count() == 0
        ? star.lookaheadPs()
        : Math.min(star.lookaheadPs(), settings.vmHostLatencyPs());
  }

  @Override
  public long channelLatencyPs(int src, int dst) {
    if (vms.isVm(src) || vms.isVm(dst)) {
      return settings.vmHostLatencyPs();
    }
    return star.channelLatencyPs(src, dst);
  }

  @Override
  public Entity createEntity(int entityId) {
    if (!vms.isVm(entityId)) {
      return star.createEntity(entityId);
    }
    int host = vms.hostOf(entityId);
    int guest = vms.guestOf(entityId);
    List<GuestSpec> guests = vms.specs(host);
    GuestSpec spec = guests.get(guest);
    Set<Long> macs = new TreeSet<>();
    guests.forEach(g -> macs.add(g.mac()));
    return new VmEntity(
        host,
        guest,
        guests.size() == 1,
        spec,
        settings,
        Set.copyOf(macs),
        spec.io().directAssignment() ? HostDma.replica(HostDevices.dmaSetup(settings)) : null);
  }

  /** Each host, then its VMs, then the switch: a host and its VMs share a partition by default. */
  @Override
  public int[] placementOrder() {
    return vms.placementOrder(star.entityCount() - 1);
  }

  /**
   * Partitions synchronize at the fabric's latency unless placement cuts a VM from its host: a VM
   * talks only to its own host (the 250 ns VM-host channel), every other channel is a fabric link.
   * So with each host's VMs in its partition the 250 ns channels never cross, and the VMs advance
   * through sub-windows of their own inside it.
   */
  @Override
  public long windowPs(Placement placement) {
    for (int vm = star.entityCount(); vm < entityCount(); vm++) {
      if (placement.ownerOf(vm) != placement.ownerOf(vms.hostOf(vm))) {
        return lookaheadPs();
      }
    }
    return star.lookaheadPs();
  }

  /** A VM stays in its host's partition: a block never starts at a VM. */
  @Override
  public boolean placementCutBefore(int entityId) {
    return !vms.isVm(entityId);
  }

  /**
   * The switch handles every frame of every host: timed on the 64-host TCP star ({@code bench
   * scale}, one partition), it took 23% of the run's entity time, as much as 19 of its 64 hosts, so
   * it weighs 3/10 of a host per port when placement cuts blocks of equal work.
   */
  @Override
  public long placementWeight(int entityId) {
    int switchId = star.entityCount() - 1;
    return entityId == switchId ? Math.max(1, switchId * 3L / 10) : 1;
  }

  /** The VMs are the guest role's entities. */
  @Override
  public boolean guestEntity(int entityId) {
    return vms.isVm(entityId);
  }

  /** Results come from each host's counters together with its VMs' ({@link VmLayout#hostView}). */
  @Override
  public ModelResults results(List<SortedMap<String, Long>> metrics, long endPs) {
    return NetperfResults.derive(settings, flows, vms.hostView(metrics), endPs);
  }

  /** Each host's counters together with its VMs', by host, then the switch's. */
  public List<SortedMap<String, Long>> hostView(List<SortedMap<String, Long>> metrics) {
    return vms.hostView(metrics);
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec(new PacketCodec());
  }

  /** Registered as {@code netperf-star}. */
  public static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "netperf-star";
    }

    @Override
    public Model create(Map<String, String> params) {
      return fromParams(params);
    }
  }
}
