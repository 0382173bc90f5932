package io.vioemu.guest.netperf;

import static io.vioemu.guest.netperf.NetperfStarParams.*;

import io.vioemu.fabric.cluster.ClusterFabricModel;
import io.vioemu.fabric.ethernet.Frame;
import io.vioemu.fabric.ethernet.FrameCodec;
import io.vioemu.fabric.ethernet.HostFactory;
import io.vioemu.fabric.ethernet.LinkSettings;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.ethernet.TrafficSpec;
import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.fabric.kernel.Placement;
import io.vioemu.guest.migration.GuestMemory;
import io.vioemu.host.iommu.DmaApiTuning;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.net.AdaptiveItr;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.net.HostStarModel;
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
import io.vioemu.host.virt.InterruptMode;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.VirtCosts;
import io.vioemu.stack.PacketCodec;
import io.vioemu.stack.tcp.TcpSettings;
import io.vioemu.stack.udp.Datagram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * netperf between bare-metal {@link StackHost}s on one switch. Hosts 0..senders-1 run netperf (the
 * clients), each with {@code flowsPerHost} flows to host i+1, or all to {@code incastHost}; the
 * destination runs netserver. Flow ids are {@code host * flowsPerHost + j}; flow k starts at {@code
 * startPs + k * startStaggerPs} and stops at {@code stopPs}, unless {@code flow.<k>.startPs} or
 * {@code flow.<k>.stopPs} are set. Registered as {@code netperf-star}.
 */
public final class NetperfStarModel implements Model {
  /** Shorter series intervals would be a trace, not a series: one result per interval and flow. */
  static final long MIN_SERIES_INTERVAL_PS = 1_000_000;

  private static final long MIB = 1L << 20;
  private static final long BOUNCE_PAGE_BYTES = 4096;

  /** The star, or the cluster's fabric: the hosts, then the switches. */
  private final Model star;

  /** The cluster's setup, or null for the star. */
  private final ClusterSetup cluster;

  private final NetperfSettings settings;
  private final List<NetperfFlow> flows;
  private final VmLayout vms;
  private final long linkRateBitsPerSec;

  /** Each host's settings: {@link #settings}, or the same without an IOMMU (io.iommuHosts). */
  private final NetperfSettings[] hostSettings;

  /** A cluster's switches' forwarding latency (a finite flow's ideal FCT counts it), else 0. */
  private long forwardingPs;

  /** The migrations of VMs under a bond, by the VM's entity. */
  private final Map<Integer, MigrationPlan.Spec> bonded = new TreeMap<>();

  private NetperfStarModel(
      Model star,
      ClusterSetup cluster,
      NetperfSettings settings,
      Flows f,
      long linkRateBitsPerSec) {
    this.star = star;
    this.cluster = cluster;
    this.settings = settings;
    this.hostSettings = f.hostSettings();
    this.flows = List.copyOf(f.flows);
    this.vms = f.vms;
    this.linkRateBitsPerSec = linkRateBitsPerSec;
    for (MigrationPlan.Spec m : f.migrations.migrations()) {
      if (m.bond() != null) {
        bonded.put(m.vmEntity(), m);
      }
    }
  }

  /** The parameters this model reads, declared in {@link NetperfStarParams}. */
  public static List<ParamSpec> parameters() {
    return NetperfStarParams.ALL;
  }

  /** netperf-cluster's: netperf-star's but its hosts (the fabric sets them), and its own. */
  public static List<ParamSpec> clusterParameters() {
    return NetperfStarParams.CLUSTER;
  }

  /** The rate of every host's link: its port, and so the most any host can receive. */
  public long linkRateBitsPerSec() {
    return linkRateBitsPerSec;
  }

  public NetperfSettings settings() {
    return settings;
  }

  /** The cluster's setup, or null for the star. */
  ClusterSetup cluster() {
    return cluster;
  }

  /** The flows, as the results see them. */
  List<NetperfFlow> flows() {
    return flows;
  }

  /** Builds the model; every bad parameter fails here, naming itself. */
  public static NetperfStarModel fromParams(Map<String, String> raw) {
    ModelParams p = new ModelParams("netperf-star", raw, NetperfStarParams.ALL);
    int hosts = p.getInt(HOSTS);
    int senders = p.getInt(SENDERS.within(1, hosts));
    int incast = p.getInt(StarTopologyModel.INCAST_HOST.within(-1, hosts - 1));
    checkIncast(p, incast, senders, "local".equals(raw.get(PAIRING.name())));
    LinkSettings link = link(p);
    IoModel io = IoModel.fromParam(p.getChoice(IO_MODEL));
    NetperfSettings settings = settings(p, link.mtuBytes(), io);
    int flowsPerHost = p.getInt(FLOWS_PER_HOST);
    String vmHosts = p.getChoice(IO_VM_HOSTS);
    boolean[] clients = new boolean[hosts];
    for (int h = 0; h < senders; h++) {
      clients[h] = true;
    }
    Flows f = new Flows(p, io, settings, flowsPerHost, vmHosts, clients);
    for (int h = 0; h < senders; h++) {
      int dst = f.local ? h : incast >= 0 ? incast : (h + 1) % hosts;
      if (dst != h || f.local) {
        f.pair(h, dst, h * flowsPerHost, false);
      }
    }
    f.build();
    f.migrate(hosts + 1);
    f.layVms(hosts + 1);
    StarTopologyModel star =
        new StarTopologyModel(
            hosts,
            senders,
            incast,
            link,
            p.getLong(StarTopologyModel.SWITCH_BUFFER_BYTES),
            p.getLong(StarTopologyModel.FORWARDING_PS),
            p.getLong(FORWARDING_JITTER_PS),
            new TrafficSpec(Frame.BROADCAST, 0, 0, 0, 1),
            f.hostFactory());
    return new NetperfStarModel(star, null, settings, f, link.rateBitsPerSec());
  }

  /**
   * netperf-cluster: the hosts of netperf-star on a leaf-spine or fat-tree fabric ({@link
   * ClusterSetup}), with a traffic pattern instead of the star's ring.
   */
  public static NetperfStarModel clusterFromParams(Map<String, String> raw) {
    ModelParams p = new ModelParams("netperf-cluster", raw, NetperfStarParams.CLUSTER);
    LinkSettings link = link(p);
    ClusterSetup cluster = ClusterSetup.read(p, link);
    int hosts = cluster.shape().hosts();
    IoModel io = IoModel.fromParam(p.getChoice(IO_MODEL));
    NetperfSettings settings = settings(p, link.mtuBytes(), io);
    int flowsPerHost = p.getInt(FLOWS_PER_HOST);
    String vmHosts = p.getChoice(IO_VM_HOSTS);
    if (p.has(PAIRING)) {
      throw p.invalid(PAIRING, "netperf-cluster pairs hosts by its pattern, not by pairing");
    }
    boolean[] clients = new boolean[hosts];
    cluster.pairs().forEach(pair -> clients[pair[0]] = true);
    Flows f = new Flows(p, io, settings, flowsPerHost, vmHosts, clients);
    f.crashPs = cluster.crashPs();
    FlowSizes sizes = FiniteFlows.sizes(p);
    if (sizes != null) {
      f.finite = finiteFlows(p, cluster, settings, sizes);
    } else {
      for (int i = 0; i < cluster.pairs().size(); i++) {
        int[] pair = cluster.pairs().get(i);
        f.pair(pair[0], pair[1], i * flowsPerHost, true);
      }
    }
    f.build();
    f.migrate(hosts + cluster.shape().switches());
    f.layVms(hosts + cluster.shape().switches());
    ClusterFabricModel fabric =
        new ClusterFabricModel(
            cluster.faults(),
            p.getLong(StarTopologyModel.SWITCH_BUFFER_BYTES),
            p.getLong(StarTopologyModel.FORWARDING_PS),
            p.getLong(FORWARDING_JITTER_PS),
            f.hostFactory());
    NetperfStarModel model =
        new NetperfStarModel(fabric, cluster, settings, f, link.rateBitsPerSec());
    model.forwardingPs = p.getLong(StarTopologyModel.FORWARDING_PS);
    return model;
  }

  /** The finite flows' arrivals ({@link FiniteFlows}); they need TCP_STREAM and no series. */
  private static List<FiniteFlows.Arrival> finiteFlows(
      ModelParams p, ClusterSetup cluster, NetperfSettings settings, FlowSizes sizes) {
    if (settings.test() != NetperfTest.TCP_STREAM) {
      throw p.invalid(TEST, "finite flows (a flow size) need test TCP_STREAM");
    }
    if (p.has(FLOWS_PER_HOST)) {
      throw p.invalid(
          FLOWS_PER_HOST, "finite flows arrive at their own rate (loadPercent), not flowsPerHost");
    }
    if (settings.seriesIntervalPs() > 0) {
      throw p.invalid(
          SERIES_INTERVAL_PS,
          "time series are per flow; with finite flows there would be one per flow: not yet");
    }
    long[] rates = new long[cluster.shape().hosts()];
    for (int h = 0; h < rates.length; h++) {
      rates[h] = cluster.shape().hostLinkOf(h).rateBitsPerSec();
    }
    return FiniteFlows.arrivals(
        p, sizes, cluster.pairs(), rates, p.getLong(START_PS), settings.stopPs());
  }

  private static LinkSettings link(ModelParams p) {
    LinkSettings link = StarTopologyModel.linkFromParams(p);
    if (link.mtuBytes() < 576) {
      throw p.invalid(StarTopologyModel.MTU_BYTES, "TCP/IP needs an MTU of at least 576 bytes");
    }
    return link;
  }

  /**
   * The flows of a star or cluster, their ends on each host's guests, and the hosts that run them:
   * {@link #pair} adds a client-server pair's flows, {@link #build} reads their schedule and lays
   * out the guests.
   */
  private static final class Flows {
    final ModelParams p;
    final IoModel io;
    final NetperfSettings settings;
    final int flowsPerHost;
    final String vmHosts;
    final boolean[] clients;
    final boolean local;
    final int[] guestsOf;
    final int[] clientOrdinal;
    final int[] serverOrdinal;
    final List<List<List<FlowEnd>>> ends = new ArrayList<>();
    final List<int[]> pairs = new ArrayList<>();
    final List<NetperfFlow> flows = new ArrayList<>();
    final List<Integer> flowIds = new ArrayList<>();
    VmLayout vms;
    List<List<GuestSpec>> specs;
    MigrationPlan migrations = MigrationPlan.NONE;

    /** When each host crashes (a cluster's), or null. */
    long[] crashPs;

    /** A cluster's finite flows, instead of {@link #pairs}' bulk ones. */
    List<FiniteFlows.Arrival> finite = List.of();

    Flows(
        ModelParams p,
        IoModel io,
        NetperfSettings settings,
        int flowsPerHost,
        String vmHosts,
        boolean[] clients) {
      this.p = p;
      this.io = io;
      this.settings = settings;
      this.flowsPerHost = flowsPerHost;
      this.vmHosts = vmHosts;
      this.clients = clients;
      int hosts = clients.length;
      int vmsPerHost = p.getInt(IO_VMS_PER_HOST);
      this.local = p.getChoice(PAIRING).equals("local");
      if (local && vmsPerHost < 2) {
        throw p.invalid(PAIRING, "pairing: local needs io.vmsPerHost >= 2 (VM to VM on one host)");
      }
      this.guestsOf = new int[hosts];
      this.clientOrdinal = new int[hosts];
      this.serverOrdinal = new int[hosts];
      for (int h = 0; h < hosts; h++) {
        guestsOf[h] = io.virtualized() && vmHost(h) ? vmsPerHost : 1;
        List<List<FlowEnd>> perGuest = new ArrayList<>();
        for (int g = 0; g < guestsOf[h]; g++) {
          perGuest.add(new ArrayList<>());
        }
        ends.add(perGuest);
      }
    }

    /** Each host's settings: without an IOMMU where io.iommuHosts leaves it out. */
    NetperfSettings[] hostSettings() {
      String on = p.getChoice(IO_IOMMU_HOSTS);
      NetperfSettings off = settings.withoutIommu();
      NetperfSettings[] out = new NetperfSettings[clients.length];
      for (int h = 0; h < out.length; h++) {
        boolean iommu =
            switch (on) {
              case "clients" -> clients[h];
              case "servers" -> !clients[h];
              default -> true;
            };
        out[h] = iommu ? settings : off;
      }
      return out;
    }

    /** Which hosts run their endpoints in a VM: all, the netperf clients, or the others. */
    boolean vmHost(int host) {
      return switch (vmHosts) {
        case "clients" -> clients[host];
        case "servers" -> !clients[host];
        default -> true;
      };
    }

    /**
     * Flows {@code idBase .. idBase + flowsPerHost - 1} from {@code src} to {@code dst}; {@code
     * spread}: each host's flows go to its guests in turn, as client and as server (a cluster's
     * hosts have many peers), else flow j uses guest j mod the guests (the star's rule).
     */
    void pair(int src, int dst, int idBase, boolean spread) {
      pairs.add(new int[] {src, dst, idBase, spread ? 1 : 0});
      for (int j = 0; j < flowsPerHost; j++) {
        flowIds.add(idBase + j);
      }
    }

    void build() {
      long startPs = p.getLong(START_PS);
      long staggerPs = p.getLong(START_STAGGER_PS);
      FlowSchedule schedule = FlowSchedule.read(p, flowIds, startPs, staggerPs, settings.stopPs());
      for (int[] pair : pairs) {
        int h = pair[0];
        int dst = pair[1];
        for (int j = 0; j < flowsPerHost; j++) {
          int id = pair[2] + j;
          long start = schedule.startPs(id);
          long stop = schedule.stopPs(id);
          flows.add(new NetperfFlow(id, h, dst, start, stop));
          int client;
          int server;
          if (pair[3] == 1) {
            client = clientOrdinal[h]++ % guestsOf[h];
            server = serverOrdinal[dst]++ % guestsOf[dst];
          } else {
            client = local ? (2 * j) % guestsOf[h] : j % guestsOf[h];
            server = local ? (2 * j + 1) % guestsOf[h] : j % guestsOf[dst];
          }
          ends.get(h).get(client).add(new FlowEnd(id, guestMac(dst, server), true, start, stop));
          ends.get(dst).get(server).add(new FlowEnd(id, guestMac(h, client), false, start, stop));
        }
      }
      for (int id = 0; id < finite.size(); id++) {
        FiniteFlows.Arrival a = finite.get(id);
        long start = a.startPs();
        long size = a.sizeBytes();
        flows.add(new NetperfFlow(id, a.src(), a.dst(), start, Long.MAX_VALUE, size));
        int client = clientOrdinal[a.src()]++ % guestsOf[a.src()];
        int server = serverOrdinal[a.dst()]++ % guestsOf[a.dst()];
        long never = Long.MAX_VALUE;
        ends.get(a.src())
            .get(client)
            .add(new FlowEnd(id, guestMac(a.dst(), server), true, start, never, size));
        ends.get(a.dst())
            .get(server)
            .add(new FlowEnd(id, guestMac(a.src(), client), false, start, never, size));
      }
      specs = new ArrayList<>();
      for (int h = 0; h < guestsOf.length; h++) {
        IoModel model = guestsOf[h] > 1 || vmHost(h) ? io : IoModel.BARE_METAL;
        List<GuestSpec> guests = new ArrayList<>();
        for (int g = 0; g < guestsOf[h]; g++) {
          guests.add(new GuestSpec(guestMac(h, g), model, ends.get(h).get(g)));
        }
        specs.add(guests);
      }
    }

    /**
     * How each host is built: a {@link StackHost} with its guests; VMs apart need a latency to
     * their host and cores of their own.
     *
     * @param firstVmEntity the entity id after the fabric's
     */
    HostFactory hostFactory() {
      long eswitch = p.getLong(IO_EMBEDDED_SWITCH_BITS_PER_SEC);
      DeviceSettings devices = devices(p, io, settings);
      int attacker = firstVmHost();
      if (devices.attack() != DmaAttack.Kind.NONE && attacker < 0) {
        throw p.invalid(IO_ATTACK, "io.attack needs a VM host: io.vmHosts selects none");
      }
      NetperfSettings[] perHost = hostSettings();
      return (host, mac, flow, l, uplink) -> {
        StackHost h =
            new StackHost(
                specs.get(host),
                perHost[host],
                l,
                uplink,
                eswitch,
                host == attacker ? devices : devices.peaceful(),
                GuestOs.resident(perHost[host], migrations),
                vms.entitiesOf(host));
        if (crashPs != null && crashPs[host] != Long.MAX_VALUE) {
          h.crashAt(crashPs[host]);
        }
        for (int[] a : migrations.arrivals()) {
          if (a[0] == host) {
            h.arrivesLater(a[1]);
          }
        }
        return h;
      };
    }

    /** Lays the VMs out after the fabric's {@code fabricEntities} entities. */
    void layVms(int fabricEntities) {
      vms = new VmLayout(specs, fabricEntities, vmsApart(), migrations.arrivals());
    }

    private boolean vmsApart() {
      return settings.hostCores() == 0 && settings.vmHostLatencyPs() > 0;
    }

    /**
     * The schedule's migrations: each one's stream runs between a hypervisor endpoint on the VM's
     * host and one on the destination, a bare-metal guest of the host's added after its VMs (so the
     * VMs keep their entities).
     */
    void migrate(int fabricEntities) {
      if (p.namesMatching(MigrationSetup.AT_PS).isEmpty()) {
        return;
      }
      VmLayout before = new VmLayout(specs, fabricEntities, vmsApart());
      List<MigrationSetup.VmAt> at = new ArrayList<>();
      for (int v = 0; v < before.count(); v++) {
        int entity = fabricEntities + v;
        at.add(new MigrationSetup.VmAt(before.hostOf(entity), before.guestOf(entity), entity));
      }
      migrations =
          MigrationSetup.read(p, at, specs, migrationMemoryPages(), settings.rxRingFrames());
      int[] endpoint = new int[specs.size()];
      Arrays.fill(endpoint, -1);
      for (MigrationPlan.Spec m : migrations.migrations()) {
        long src = hypervisor(m.fromHost(), endpoint);
        long dst = hypervisor(m.toHost(), endpoint);
        addEnd(
            m.fromHost(), endpoint, new FlowEnd(m.flowId(), dst, true, m.atPs(), Long.MAX_VALUE));
        addEnd(m.toHost(), endpoint, new FlowEnd(m.flowId(), src, false, m.atPs(), Long.MAX_VALUE));
      }
    }

    /** The MAC of the host's hypervisor endpoint, added as its last guest if it has none yet. */
    private long hypervisor(int host, int[] endpoint) {
      List<GuestSpec> guests = specs.get(host);
      if (endpoint[host] < 0) {
        endpoint[host] = guests.size();
        guests.add(new GuestSpec(guestMac(host, guests.size()), IoModel.BARE_METAL, List.of()));
      }
      return guests.get(endpoint[host]).mac();
    }

    private void addEnd(int host, int[] endpoint, FlowEnd end) {
      GuestSpec hv = specs.get(host).get(endpoint[host]);
      List<FlowEnd> ends = new ArrayList<>(hv.ends());
      ends.add(end);
      specs.get(host).set(endpoint[host], new GuestSpec(hv.mac(), hv.io(), ends));
    }

    /** The VM's memory: io.vmMemoryMiB, else the least its NIC driver's buffers need. */
    private int migrationMemoryPages() {
      long pages = settings.vmMemoryPages();
      if (pages == 0) {
        long descriptors = DeviceSettings.TX_RING_SLOTS + settings.rxRingFrames();
        long bytes =
            DeviceSettings.ringBufferBytes(settings.rxRingFrames())
                + descriptors * BOUNCE_PAGE_BYTES;
        pages = (bytes + GuestMemory.PAGE_BYTES - 1) / GuestMemory.PAGE_BYTES;
      }
      return (int) pages;
    }

    /** The first host whose endpoints run in VMs, or -1 if none does. */
    private int firstVmHost() {
      for (int h = 0; io.virtualized() && h < guestsOf.length; h++) {
        if (vmHost(h)) {
          return h;
        }
      }
      return -1;
    }
  }

  /** An incast host among the senders would send to itself: that flow would carry nothing. */
  private static void checkIncast(ModelParams p, int incast, int senders, boolean pairedLocally) {
    if (incast >= 0 && incast < senders && senders == 1) {
      throw p.invalid(
          StarTopologyModel.INCAST_HOST,
          "incastHost " + incast + " is the only sender: no flow left");
    }
    if (incast >= 0 && incast < senders && !pairedLocally) {
      throw p.invalid(
          StarTopologyModel.INCAST_HOST,
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
  private static void checkFitsSendBuffer(
      ModelParams p, ParamSpec message, long bytes, long buffer) {
    if (bytes <= buffer) {
      return;
    }
    String name = message.name();
    ParamSpec blamed =
        p.has(message) || !p.has(TCP_SEND_BUFFER_BYTES) ? message : TCP_SEND_BUFFER_BYTES;
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
        PcieSettings.of(p.getLong(IO_PCIE_BITS_PER_SEC), p.getInt(IO_PCIE_TLP_OVERHEAD_BYTES));
    DmaAttack.Kind attack = DmaAttack.Kind.fromParam(p.getChoice(IO_ATTACK));
    if (attack != DmaAttack.Kind.NONE && !(io.virtualized() && io.directAssignment())) {
      throw p.invalid(
          IO_ATTACK,
          "io.attack "
              + attack.paramName()
              + " needs a guest that drives its own device: io.model passthrough or sriov, not "
              + io.paramName());
    }
    long defaultAttackPs = settings.warmupPs() > 0 ? settings.warmupPs() : 1_000_000_000L;
    long attackPs = p.getLong(IO_ATTACK_PS, defaultAttackPs);
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
    boolean tso = p.getBoolean(NIC_TSO);
    TcpSettings tcp =
        new TcpSettings(
            mtu,
            p.getBoolean(TCP_TIMESTAMPS),
            p.getBoolean(TCP_SACK),
            p.getBoolean(TCP_NO_DELAY),
            p.getBoolean(TCP_DELAYED_ACK),
            p.getLong(TCP_DELAYED_ACK_PS),
            p.getInt(TCP_INITIAL_CWND_SEGMENTS),
            p.getLong(TCP_SEND_BUFFER_BYTES.within(2L * mtu, 1L << 34)),
            p.getLong(TCP_RECEIVE_BUFFER_BYTES.within(2L * mtu, 1L << 34)),
            p.getLong(TCP_MIN_RTO_PS),
            p.getLong(TCP_INITIAL_RTO_PS),
            p.getLong(TCP_MAX_RTO_PS),
            tso ? p.getInt(NIC_TSO_MAX_BYTES.within(mtu, 262_144)) : 0,
            p.getLong(TCP_QUEUE_LIMIT_BYTES.within(mtu, 1L << 34)),
            p.getChoice(TCP_CONGESTION),
            p.getInt(TCP_DUP_THRESH));
    NetperfTest test = NetperfTest.valueOf(p.getChoice(TEST));
    int maxUdp = Datagram.maxDataBytes(mtu);
    int message =
        p.getInt(
            MESSAGE_BYTES.within(1, test.tcp() ? 1 << 26 : maxUdp),
            test.tcp() ? 16_384 : (test.requestResponse() ? 1 : 1_024));
    int response =
        p.getInt(
            RESPONSE_BYTES.within(1, test.tcp() ? 1 << 26 : maxUdp),
            test.requestResponse() ? 1 : message);
    if (test.tcp()) {
      checkFitsSendBuffer(p, MESSAGE_BYTES, message, tcp.sendBufferBytes());
      checkFitsSendBuffer(p, RESPONSE_BYTES, response, tcp.sendBufferBytes());
    }
    long stopPs = p.getLong(STOP_PS);
    long warmupPs = p.getLong(WARMUP_PS);
    if (warmupPs >= stopPs) {
      throw p.invalid(WARMUP_PS, "warmupPs must be before stopPs");
    }
    long seriesPs = p.getLong(SERIES_INTERVAL_PS);
    if (seriesPs > 0 && seriesPs < MIN_SERIES_INTERVAL_PS) {
      throw p.invalid(
          SERIES_INTERVAL_PS,
          "seriesIntervalPs must be 0 (no series) or at least "
              + MIN_SERIES_INTERVAL_PS
              + " (1 us), was "
              + seriesPs);
    }
    int cores = p.getInt(HostStarModel.CORES);
    int rxRingFrames = p.getInt(HostStarModel.RX_RING_FRAMES);
    int coalesceFrames = p.getInt(HostStarModel.RX_COALESCE_FRAMES);
    long coalescePs = p.getLong(RX_COALESCE_PS);
    if (coalesceFrames > 1 && coalescePs == 0) {
      throw p.invalid(RX_COALESCE_PS, "rxCoalescePs must be > 0 when rxCoalesceFrames > 1");
    }
    VirtCosts virt = VirtCosts.fromParams(p);
    try {
      return new NetperfSettings(
          test,
          message,
          response,
          p.getInt(RECEIVE_CALL_BYTES),
          stopPs,
          warmupPs,
          tcp,
          p.getLong(UDP_BUFFER_BYTES.within(mtu, 1L << 34)),
          p.getBoolean(NIC_GRO),
          p.getBoolean(NIC_CHECKSUM_OFFLOAD),
          cores,
          rxRingFrames,
          coalesceFrames,
          coalescePs,
          p.getLong(RX_ITR_PS),
          AdaptiveItr.Mode.fromParam(p.getChoice(RX_ADAPTIVE_ITR)),
          HostCosts.fromParams(p),
          virt,
          interrupts(p, virt, io),
          guestDma(p, io),
          dmaApi(p, guestDma(p, io)),
          iommuHardware(p),
          p.getInt(IO_HOST_CORES),
          seriesPs,
          p.getInt(IO_VCPUS, cores),
          vmMemoryMiB(p, rxRingFrames),
          p.getLong(IO_VM_HOST_LATENCY_PS));
    } catch (ModelParameterException e) {
      throw e; // already names its parameter
    } catch (IllegalArgumentException e) {
      throw p.invalid(TEST, e.getMessage());
    }
  }

  /** The interrupt mode asked for, or the profile's; ELI only where the guest drives its device. */
  private static InterruptMode interrupts(ModelParams p, VirtCosts virt, IoModel io) {
    try {
      return InterruptMode.resolve(p.getChoice(IO_INTERRUPTS), virt, io);
    } catch (IllegalArgumentException e) {
      throw p.invalid(IO_INTERRUPTS, e.getMessage());
    }
  }

  /**
   * 0 (absent) leaves the size to the DMA setup. A size must hold what the NIC driver keeps in
   * guest memory: a 2 KiB buffer per descriptor and, under the {@code copy} strategy, a bounce page
   * per descriptor.
   */
  private static int vmMemoryMiB(ModelParams p, int rxRingFrames) {
    if (!p.has(IO_VM_MEMORY_MIB)) {
      return 0;
    }
    long descriptors = DeviceSettings.TX_RING_SLOTS + rxRingFrames;
    long bytes = DeviceSettings.ringBufferBytes(rxRingFrames) + descriptors * BOUNCE_PAGE_BYTES;
    int min = (int) ((bytes + MIB - 1) / MIB);
    return p.getInt(IO_VM_MEMORY_MIB.within(min, MAX_VM_MEMORY_MIB), min);
  }

  /** The DMA API's strategy in the OS that drives the NIC ({@code io.iommu}). */
  private static DmaStrategy guestDma(ModelParams p, IoModel io) {
    DmaStrategy computed =
        io.virtualized() && io.directAssignment() ? DmaStrategy.DIRECT : DmaStrategy.OFF;
    return DmaStrategy.fromConfigName(p.getChoice(IO_IOMMU, computed.configName()));
  }

  /** The host OS's strategy ({@code io.hostIommu}, else io.iommu's) and the strategies' knobs. */
  private static DmaApiTuning dmaApi(ModelParams p, DmaStrategy guest) {
    return new DmaApiTuning(
        DmaStrategy.fromConfigName(p.getChoice(IO_HOST_IOMMU, guest.configName())),
        p.getInt(IO_DEFERRED_BATCH),
        p.getLong(IO_FLUSH_INTERVAL_PS),
        p.getInt(IO_OPTIMISTIC_LIMIT),
        p.getLong(IO_OPTIMISTIC_TIMEOUT_PS),
        p.getBoolean(IO_IOMMU_LARGE_PAGES));
  }

  /** The IOMMU's hardware: its IOTLB geometry ({@link NetperfStarParams#IO_IOTLB_ENTRIES}). */
  private static IommuSettings iommuHardware(ModelParams p) {
    int entries = p.getInt(IO_IOTLB_ENTRIES);
    int ways = p.getInt(IO_IOTLB_WAYS);
    if (entries % ways != 0) {
      throw p.invalid(IO_IOTLB_WAYS, "io.iotlbEntries must be a multiple of io.iotlbWays");
    }
    return new IommuSettings(entries, ways, 256, 32);
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
    NetperfSettings s = hostSettings[host];
    VmEntity vm =
        new VmEntity(
            host,
            guest,
            guests.size() == 1,
            spec,
            s,
            Set.copyOf(macs),
            spec.io().directAssignment() ? HostDma.replica(HostDevices.dmaSetup(s)) : null,
            bonded.get(entityId));
    if (cluster != null && cluster.crashPs()[host] != Long.MAX_VALUE) {
      vm.crashAt(cluster.crashPs()[host]);
    }
    return vm;
  }

  /**
   * Each host, then its VMs, then the switch: a host and its VMs share a partition by default. On a
   * cluster, rack by rack: its hosts with their VMs, then its leaf; the spines last.
   */
  @Override
  public int[] placementOrder() {
    return vms.placementOrder(star.placementOrder());
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
      for (int host : vms.destinationsOf(vm)) {
        if (placement.ownerOf(vm) != placement.ownerOf(host)) {
          return lookaheadPs(); // the VM migrates to a host in another partition
        }
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
    if (cluster != null) {
      return vms.isVm(entityId) ? 1 : star.placementWeight(entityId);
    }
    int switchId = star.entityCount() - 1;
    return entityId == switchId ? Math.max(1, switchId * 3L / 10) : 1;
  }

  /** By rack: a block starts only at a rack's first host (never at a VM). */
  @Override
  public boolean placementRackStart(int entityId) {
    return cluster != null
        ? !vms.isVm(entityId) && star.placementRackStart(entityId)
        : placementCutBefore(entityId);
  }

  /** The VMs are the guest role's entities. */
  @Override
  public boolean guestEntity(int entityId) {
    return vms.isVm(entityId);
  }

  /** Results come from each host's counters together with its VMs' ({@link VmLayout#hostView}). */
  @Override
  public ModelResults results(List<SortedMap<String, Long>> metrics, long endPs) {
    List<SortedMap<String, Long>> hostView = vms.hostView(metrics);
    return NetperfResults.derive(
        settings,
        flows,
        hostView,
        endPs,
        out -> {
          if (cluster != null) {
            ClusterResults.derive(cluster, settings, flows, hostView, endPs, out);
            if (!flows.isEmpty() && flows.get(0).finite()) {
              FctResults.derive(
                  cluster.shape(),
                  forwardingPs,
                  settings,
                  flows,
                  NetperfResults.totals(hostView),
                  endPs,
                  out);
            }
          }
          migrationResults(hostView, out);
        });
  }

  /** What each migration's source and destination reported, under {@code migration.<n>.}. */
  private static void migrationResults(
      List<SortedMap<String, Long>> hostView, ModelResults.Builder out) {
    for (SortedMap<String, Long> m : hostView) {
      for (Map.Entry<String, Long> e : m.tailMap("migration.").entrySet()) {
        if (!e.getKey().startsWith("migration.")) {
          break;
        }
        out.scalar(e.getKey(), e.getValue());
      }
    }
  }

  /** Each host's counters together with its VMs', by host, then the switch's. */
  public List<SortedMap<String, Long>> hostView(List<SortedMap<String, Long>> metrics) {
    return vms.hostView(metrics);
  }

  @Override
  public PayloadCodec payloadCodec() {
    return new FrameCodec(new PacketCodec());
  }

  /** Registered as {@code netperf-cluster}. */
  public static final class ClusterFactory implements ModelFactory {
    @Override
    public String name() {
      return "netperf-cluster";
    }

    @Override
    public Model create(Map<String, String> params) {
      return clusterFromParams(params);
    }

    @Override
    public List<ParamSpec> parameters() {
      return NetperfStarParams.CLUSTER;
    }
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

    @Override
    public List<ParamSpec> parameters() {
      return NetperfStarParams.ALL;
    }
  }
}
