package io.vioemu.guest.netperf;

import io.vioemu.fabric.ethernet.Ethernet;
import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.iommu.DmaMapperSettings;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.net.AdaptiveItr;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.net.HostStarModel;
import io.vioemu.host.netperf.NetperfTest;
import io.vioemu.host.pcie.PcieSettings;
import io.vioemu.host.virt.DmaAttack;
import io.vioemu.host.virt.InterruptMode;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.MigrationCosts;
import io.vioemu.host.virt.VirtCosts;
import io.vioemu.stack.tcp.TcpSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of {@code netperf-star}, each declared once: {@link NetperfStarModel} reads them
 * through these declarations, and the experiment language takes each section key's type, range,
 * choices, default and doc from here. Those it shares with eth-star and host-star are theirs (some
 * with a narrower range or another default). Add one as the package documentation of {@link
 * ParamSpec} says, then read it in {@link NetperfStarModel}.
 */
final class NetperfStarParams {
  private NetperfStarParams() {}

  /** Linux's TCP defaults, which the {@code tcp.*} parameters default to. */
  private static final TcpSettings LINUX = TcpSettings.linux(Ethernet.DEFAULT_MTU_BYTES);

  /** Every page of a VM's memory is set up (and maybe mapped) one by one: 64 GiB is plenty. */
  static final int MAX_VM_MEMORY_MIB = 65_536;

  // the star: eth-star's, some narrowed

  static final ParamSpec HOSTS = StarTopologyModel.HOSTS.within(2, 1 << 16);
  static final ParamSpec SENDERS =
      ParamSpec.integer("senders", 1, 1, 1 << 16, "Hosts 0..senders-1 run netperf (the clients).");

  /**
   * Switch pipelines vary by tens to hundreds of nanoseconds; without any variation, TCP senders at
   * line rate phase-lock with a full drop-tail queue and one flow starves the others (see {@link
   * io.vioemu.fabric.ethernet.SwitchSettings}).
   */
  static final ParamSpec FORWARDING_JITTER_PS =
      StarTopologyModel.FORWARDING_JITTER_PS.withDefault(100_000);

  static final ParamSpec RX_COALESCE_PS = HostStarModel.RX_COALESCE_PS.within(0, 1L << 50);

  static final ParamSpec RX_ITR_PS =
      ParamSpec.duration(
          "rxItrPs",
          0,
          0,
          1L << 50,
          "The NIC's interrupt throttle (ITR): at least this long between two interrupts of a"
              + " ring, frames that land sooner wait (0: none). Ignored when rxAdaptiveItr is on.");
  static final ParamSpec RX_ADAPTIVE_ITR =
      ParamSpec.choice(
          "rxAdaptiveItr",
          AdaptiveItr.Mode.OFF.paramName(),
          List.of("off", "dynamic", "conservative"),
          "Adaptive interrupt moderation as Intel's e1000/igb drivers do it: after each poll the"
              + " throttle moves to 70,000, 20,000 or 4,000 interrupts/s by the poll's packets and"
              + " bytes (lowest latency, low latency, bulk); conservative never uses the first.");

  // the workload

  static final ParamSpec TEST =
      ParamSpec.choice("test", "TCP_STREAM", NetperfTest.names(), "The netperf test.");
  static final ParamSpec MESSAGE_BYTES =
      ParamSpec.integer("messageBytes", 1, 1, 1 << 26, "Send size; the request size of RR tests.")
          .computedDefault("`16384` (TCP), `1024` (UDP_STREAM), `1` (RR)");
  static final ParamSpec RESPONSE_BYTES =
      ParamSpec.integer("responseBytes", 1, 1, 1 << 26, "RR response size.")
          .computedDefault("`1` (RR), else messageBytes");
  static final ParamSpec RECEIVE_CALL_BYTES =
      ParamSpec.integer(
          "receiveCallBytes",
          131_072,
          1,
          1 << 26,
          "Largest read of a stream receiver (netperf -M).");
  static final ParamSpec FLOWS_PER_HOST =
      ParamSpec.integer(
          "flowsPerHost",
          1,
          1,
          1 << 12,
          "Concurrent flows per client host; flow id = host * flowsPerHost + j.");
  static final ParamSpec PAIRING =
      ParamSpec.choice(
          "pairing",
          "remote",
          List.of("remote", "local"),
          "remote, or local: each flow runs between two VMs of one host (needs io.vmsPerHost >="
              + " 2).");
  static final ParamSpec START_PS =
      ParamSpec.duration("startPs", 0, 0, Long.MAX_VALUE / 4, "When flow 0 starts.");
  static final ParamSpec START_STAGGER_PS =
      ParamSpec.duration("startStaggerPs", 0, 0, 1L << 40, "Flow k starts k times this later.");
  static final ParamSpec STOP_PS =
      ParamSpec.duration(
              "stopPs",
              Long.MAX_VALUE,
              0,
              Long.MAX_VALUE,
              "No new message or transaction starts at or after this time.")
          .shownAs("never");
  static final ParamSpec FLOW_START_PS =
      ParamSpec.duration(
              FlowSchedule.START, 0, 0, Long.MAX_VALUE / 4, "When flow k starts, for it alone.")
          .shownAs("startPs + k * startStaggerPs");
  static final ParamSpec FLOW_STOP_PS =
      ParamSpec.duration(
              FlowSchedule.STOP,
              Long.MAX_VALUE,
              1,
              Long.MAX_VALUE,
              "When flow k stops, for it alone.")
          .shownAs("stopPs");
  static final ParamSpec WARMUP_PS =
      ParamSpec.duration(
          "warmupPs",
          0,
          0,
          Long.MAX_VALUE,
          "Bytes and transactions before this time are not measured.");
  static final ParamSpec SERIES_INTERVAL_PS =
      ParamSpec.duration(
          "seriesIntervalPs",
          0,
          0,
          Long.MAX_VALUE / 4,
          "Time-series interval (timeseries.csv); 0: no series, else at least 1 us.");
  static final ParamSpec UDP_BUFFER_BYTES =
      ParamSpec.integer(
          "udpBufferBytes",
          212_992,
          1,
          1L << 34,
          "UDP send and receive buffers (at least the MTU).");

  // TCP: Linux's defaults

  static final ParamSpec TCP_TIMESTAMPS =
      ParamSpec.flag(
          "tcp.timestamps",
          LINUX.timestamps(),
          "RFC 7323 timestamps (12 option bytes per segment).");
  static final ParamSpec TCP_SACK =
      ParamSpec.flag(
          "tcp.sack",
          LINUX.sack(),
          "RFC 2018 SACK and RFC 6675 recovery; false: NewReno recovery.");
  static final ParamSpec TCP_NO_DELAY =
      ParamSpec.flag("tcp.noDelay", LINUX.noDelay(), "TCP_NODELAY: no Nagle.");
  static final ParamSpec TCP_DELAYED_ACK =
      ParamSpec.flag(
          "tcp.delayedAck",
          LINUX.delayedAck(),
          "ACK every second full segment, or when the timer expires.");
  static final ParamSpec TCP_DELAYED_ACK_PS =
      ParamSpec.duration(
          "tcp.delayedAckPs", LINUX.delayedAckPs(), 1, 1L << 50, "The delayed-ACK timer.");
  static final ParamSpec TCP_INITIAL_CWND_SEGMENTS =
      ParamSpec.integer(
          "tcp.initialCwndSegments",
          LINUX.initialCwndSegments(),
          1,
          1 << 16,
          "Initial window (RFC 6928).");
  static final ParamSpec TCP_SEND_BUFFER_BYTES =
      ParamSpec.integer(
          "tcp.sendBufferBytes",
          LINUX.sendBufferBytes(),
          1,
          1L << 34,
          "Socket send buffer (at least two MTUs).");
  static final ParamSpec TCP_RECEIVE_BUFFER_BYTES =
      ParamSpec.integer(
          "tcp.receiveBufferBytes",
          LINUX.receiveBufferBytes(),
          1,
          1L << 34,
          "Socket receive buffer; bounds the advertised window (at least two MTUs).");
  static final ParamSpec TCP_MIN_RTO_PS =
      ParamSpec.duration(
          "tcp.minRtoPs",
          LINUX.minRtoPs(),
          1,
          1L << 50,
          "Smallest retransmission timeout (RFC 6298).");
  static final ParamSpec TCP_INITIAL_RTO_PS =
      ParamSpec.duration(
          "tcp.initialRtoPs", LINUX.initialRtoPs(), 1, 1L << 50, "Initial retransmission timeout.");
  static final ParamSpec TCP_MAX_RTO_PS =
      ParamSpec.duration(
          "tcp.maxRtoPs", LINUX.maxRtoPs(), 1, 1L << 55, "Largest retransmission timeout.");
  static final ParamSpec TCP_QUEUE_LIMIT_BYTES =
      ParamSpec.integer(
          "tcp.queueLimitBytes",
          LINUX.queueLimitBytes(),
          1,
          1L << 34,
          "TCP small queues: bytes a connection may have queued below it (at least the MTU).");
  static final ParamSpec TCP_CONGESTION =
      ParamSpec.choice(
          "tcp.congestion",
          LINUX.congestion(),
          List.of("cubic", "newreno"),
          "cubic (RFC 9438) or newreno (RFC 5681/6582).");

  /**
   * RFC 5681's and RFC 6675's DupThresh, which Linux raises per connection when it sees reordering
   * (net.ipv4.tcp_reordering is its initial value, 3). Until now fixed at 3; a path that reorders
   * (switch jitter, multipath) needs it higher to tell reordering from loss.
   */
  static final ParamSpec TCP_DUP_THRESH =
      ParamSpec.integer(
          "tcp.dupThresh",
          LINUX.dupThresh(),
          1,
          1024,
          "Duplicate ACKs (with SACK: SACKed segments above a hole) that mark a segment lost and"
              + " start fast recovery (DupThresh, Linux's tcp_reordering).");

  // the NIC

  static final ParamSpec NIC_TSO =
      ParamSpec.flag(
          "nic.tso",
          false,
          "TSO/GSO: the stack and driver handle one super-segment, the NIC cuts frames.");
  static final ParamSpec NIC_TSO_MAX_BYTES =
      ParamSpec.integer(
          "nic.tsoMaxBytes", 65_536, 1, 262_144, "Largest TSO super-segment (at least the MTU).");
  static final ParamSpec NIC_GRO =
      ParamSpec.flag(
          "nic.gro",
          false,
          "GRO/LRO: in-order segments of one connection in one poll merge before the stack.");
  static final ParamSpec NIC_CHECKSUM_OFFLOAD =
      ParamSpec.flag("nic.checksumOffload", true, "false: the CPU checksums every byte.");

  // virtualization and the IOMMU

  static final ParamSpec IO_MODEL =
      ParamSpec.choice(
          "io.model",
          IoModel.BARE_METAL.paramName(),
          IoModel.paramNames(),
          "How the hosts' software reaches the NIC: bare-metal (no VM), emulation, virtio, xen,"
              + " passthrough, sriov.");
  static final ParamSpec IO_VM_HOSTS =
      ParamSpec.choice(
          "io.vmHosts",
          "all",
          List.of("all", "clients", "servers"),
          "Which hosts run VMs: all, clients (the netperf side) or servers.");
  static final ParamSpec IO_VMS_PER_HOST =
      ParamSpec.integer(
          "io.vmsPerHost",
          1,
          1,
          1023,
          "VMs on each VM host, each with its own MAC (its virtual function under sriov); a"
              + " host's flows are spread over its VMs.");
  static final ParamSpec IO_VCPUS =
      ParamSpec.integer("io.vcpus", 1, 1, 2, "vCPUs per VM.").computedDefault("cores");
  static final ParamSpec IO_VM_MEMORY_MIB =
      ParamSpec.integer("io.vmMemoryMiB", 1, 1, MAX_VM_MEMORY_MIB, "Guest memory per VM.")
          .computedDefault("the model's");
  static final ParamSpec IO_EMBEDDED_SWITCH_BITS_PER_SEC =
      ParamSpec.integer(
          "io.embeddedSwitchBitsPerSec",
          32_000_000_000L,
          1,
          1L << 42,
          "How fast frames cross between two guests of one host inside the NIC.");
  static final ParamSpec IO_INTERRUPTS =
      ParamSpec.choice(
          "io.interrupts",
          InterruptMode.PROFILE,
          InterruptMode.paramNames(),
          "How interrupts reach a guest: exits (a delivery exit and an EOI exit each), posted"
              + " (APICv: virtual-interrupt delivery and a virtualized EOI, no exit; an assigned"
              + " device's interrupt posted by VT-d if the profile has it), eli (exitless"
              + " interrupts: the guest takes its assigned device's interrupts and EOIs itself;"
              + " passthrough and sriov only), or profile: posted where the profile's CPU has"
              + " APIC virtualization (cost.apicVirtualization), else exits.");
  static final ParamSpec IO_IOMMU =
      ParamSpec.choice(
              "io.iommu",
              DmaStrategy.OFF.configName(),
              DmaStrategy.configNames(),
              "The DMA API's strategy in the OS that drives the NIC; under passthrough and sriov"
                  + " that is the guest.")
          .computedDefault("direct (passthrough, sriov), else off");
  static final ParamSpec IO_IOMMU_HOSTS =
      ParamSpec.choice(
          "io.iommuHosts",
          "all",
          List.of("all", "clients", "servers"),
          "Which hosts have their IOMMU on: all, clients (the netperf side) or servers; on the"
              + " others every DMA API's strategy is off, so the two ends of a flow can differ.");
  static final ParamSpec IO_HOST_IOMMU =
      ParamSpec.choice(
              "io.hostIommu",
              DmaStrategy.OFF.configName(),
              DmaStrategy.configNames(),
              "The DMA API's strategy in the host's own OS when it drives the NIC (bare metal, or"
                  + " the host or driver domain under emulation, virtio and xen), apart from the"
                  + " guests' own (io.iommu).")
          .computedDefault("io.iommu");

  /** HIGH_WATER_MARK of Linux's intel-iommu (drivers/iommu/intel-iommu.c, 2.6.24 to 4.13). */
  static final ParamSpec IO_DEFERRED_BATCH =
      ParamSpec.integer(
          "io.deferredBatch",
          DmaMapperSettings.LINUX_HIGH_WATER_MARK,
          1,
          1 << 20,
          "Unmaps that make deferred flush at once (Linux intel-iommu's HIGH_WATER_MARK, 250).");

  /** The 10 ms timer of Linux's intel-iommu deferred flushing (and of dma-iommu's flush queue). */
  static final ParamSpec IO_FLUSH_INTERVAL_PS =
      ParamSpec.duration(
          "io.flushIntervalPs",
          DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS,
          1,
          1L << 50,
          "Deferred: the flush timer armed by the first unmap of a batch (Linux: 10 ms).");

  /**
   * Optimistic teardown's bounds. Amit et al. (vIOMMU, USENIX ATC 2011) bound the mappings kept by
   * time and by count; these defaults take Linux's deferred bounds (250, 10 ms), an assumption.
   */
  static final ParamSpec IO_OPTIMISTIC_LIMIT =
      ParamSpec.integer(
          "io.optimisticLimit",
          DmaMapperSettings.LINUX_HIGH_WATER_MARK,
          1,
          1 << 20,
          "Optimistic: unmapped mappings kept for reuse at most; one more tears the oldest down.");

  static final ParamSpec IO_OPTIMISTIC_TIMEOUT_PS =
      ParamSpec.duration(
          "io.optimisticTimeoutPs",
          DmaMapperSettings.LINUX_FLUSH_TIMEOUT_PS,
          1,
          1L << 50,
          "Optimistic: longest an unmapped mapping is kept for reuse before it is torn down.");

  static final ParamSpec IO_IOMMU_LARGE_PAGES =
      ParamSpec.flag(
          "io.iommuLargePages",
          false,
          "direct maps memory with 2 MiB IOMMU pages where it is aligned (one IOTLB entry covers"
              + " 512 4 KiB pages), as VFIO maps hugepage-backed VM memory.");

  /**
   * IOTLB geometry: vendors do not publish it. The defaults (64 entries, 4 ways) are an assumption
   * of the same order as the sizes measured by reverse engineering (Amit et al., "IOMMU: Strategies
   * for Mitigating the IOTLB Bottleneck", WIOSCA 2010); set them per experiment.
   */
  static final ParamSpec IO_IOTLB_ENTRIES =
      ParamSpec.integer(
          "io.iotlbEntries",
          64,
          1,
          1 << 16,
          "IOTLB entries (vendors do not publish them: an assumption).");

  static final ParamSpec IO_IOTLB_WAYS =
      ParamSpec.integer(
          "io.iotlbWays",
          4,
          1,
          1 << 16,
          "IOTLB associativity; iotlbEntries must be a multiple of it.");

  static final ParamSpec IO_HOST_CORES =
      ParamSpec.integer(
          "io.hostCores",
          0,
          0,
          1 << 12,
          "Physical cores of a VM host, shared in turn by its guests' vCPUs and back-end"
              + " threads; 0 gives each its own core.");
  static final ParamSpec IO_PCIE_BITS_PER_SEC =
      ParamSpec.integer(
          "io.pcieBitsPerSec",
          PcieSettings.GEN2_X8_BITS_PER_SEC,
          1,
          1L << 42,
          "The NIC's PCIe link rate, after encoding (default PCIe 2.0 x8).");
  static final ParamSpec IO_PCIE_TLP_OVERHEAD_BYTES =
      ParamSpec.integer(
          "io.pcieTlpOverheadBytes",
          PcieSettings.TLP_OVERHEAD_BYTES,
          0,
          4096,
          "Bytes of header and framing per PCIe transaction layer packet.");
  static final ParamSpec IO_ATTACK =
      ParamSpec.choice(
          "io.attack",
          DmaAttack.Kind.NONE.paramName(),
          DmaAttack.Kind.paramNames(),
          "A malicious guest's DMA: none, overwrite-hypervisor or stale-buffer.");
  static final ParamSpec IO_ATTACK_PS =
      ParamSpec.duration("io.attackPs", 0, 0, Long.MAX_VALUE / 4, "When the attack happens.")
          .computedDefault("warmup, or 1 ms");

  /**
   * How long what a VM and its host tell each other takes to be seen, by default: half the ~500 ns
   * round trip of a small PCIe read that Neugebauer et al. measured ("Understanding PCIe
   * performance for end host networking", SIGCOMM 2018, Fig. 4), a posted write's one way. A cache
   * line moving between cores (a ring's flags under virtio) takes less, of the order of 100 ns.
   */
  static final ParamSpec IO_VM_HOST_LATENCY_PS =
      ParamSpec.duration(
          "io.vmHostLatencyPs",
          250_000,
          0,
          1_000_000_000L,
          "How long what a VM and its host tell each other takes to be seen: a doorbell or an"
              + " interrupt crossing PCIe, a ring's flags moving between cores. Every VM pays it"
              + " wherever it runs, which is what lets VMs run on other JVMs than their hosts"
              + " with the same results. 0 makes it immediate and keeps each VM in its host's"
              + " entity (as io.hostCores does).");

  /** Every parameter netperf-star reads. */
  static final List<ParamSpec> ALL = all();

  /**
   * netperf-cluster's: netperf-star's but its hosts, senders and incast host (the fabric and the
   * traffic pattern set them), and the cluster's own ({@link ClusterSetup#PARAMETERS}).
   */
  static final List<ParamSpec> CLUSTER = cluster();

  private static List<ParamSpec> cluster() {
    List<ParamSpec> s = new ArrayList<>();
    for (ParamSpec spec : ALL) {
      if (!spec.name().equals(HOSTS.name())
          && !spec.name().equals(SENDERS.name())
          && !spec.name().equals(StarTopologyModel.INCAST_HOST.name())) {
        s.add(spec);
      }
    }
    s.add(TrafficPattern.SENDERS);
    s.add(TrafficPattern.INCAST_HOST);
    s.addAll(ClusterSetup.PARAMETERS);
    s.addAll(FiniteFlows.PARAMETERS);
    return List.copyOf(s);
  }

  private static List<ParamSpec> all() {
    List<ParamSpec> s = new ArrayList<>(HostCosts.PARAMS);
    s.addAll(VirtCosts.PARAMS);
    s.addAll(MigrationCosts.PARAMS);
    s.addAll(StarTopologyModel.LINK_PARAMS);
    s.addAll(
        List.of(
            HOSTS,
            SENDERS,
            StarTopologyModel.INCAST_HOST,
            StarTopologyModel.SWITCH_BUFFER_BYTES,
            StarTopologyModel.FORWARDING_PS,
            FORWARDING_JITTER_PS,
            HostStarModel.CORES,
            HostStarModel.RX_RING_FRAMES,
            HostStarModel.RX_COALESCE_FRAMES,
            RX_COALESCE_PS,
            RX_ITR_PS,
            RX_ADAPTIVE_ITR));
    s.addAll(
        List.of(
            TEST,
            MESSAGE_BYTES,
            RESPONSE_BYTES,
            RECEIVE_CALL_BYTES,
            FLOWS_PER_HOST,
            PAIRING,
            START_PS,
            START_STAGGER_PS,
            STOP_PS,
            FLOW_START_PS,
            FLOW_STOP_PS,
            WARMUP_PS,
            SERIES_INTERVAL_PS,
            UDP_BUFFER_BYTES));
    s.addAll(
        List.of(
            TCP_TIMESTAMPS,
            TCP_SACK,
            TCP_NO_DELAY,
            TCP_DELAYED_ACK,
            TCP_DELAYED_ACK_PS,
            TCP_INITIAL_CWND_SEGMENTS,
            TCP_SEND_BUFFER_BYTES,
            TCP_RECEIVE_BUFFER_BYTES,
            TCP_MIN_RTO_PS,
            TCP_INITIAL_RTO_PS,
            TCP_MAX_RTO_PS,
            TCP_QUEUE_LIMIT_BYTES,
            TCP_CONGESTION,
            TCP_DUP_THRESH));
    s.addAll(List.of(NIC_TSO, NIC_TSO_MAX_BYTES, NIC_GRO, NIC_CHECKSUM_OFFLOAD));
    s.addAll(
        List.of(
            IO_MODEL,
            IO_VM_HOSTS,
            IO_VMS_PER_HOST,
            IO_VCPUS,
            IO_VM_MEMORY_MIB,
            IO_EMBEDDED_SWITCH_BITS_PER_SEC,
            IO_INTERRUPTS,
            IO_IOMMU,
            IO_HOST_IOMMU,
            IO_IOMMU_HOSTS,
            IO_DEFERRED_BATCH,
            IO_FLUSH_INTERVAL_PS,
            IO_OPTIMISTIC_LIMIT,
            IO_OPTIMISTIC_TIMEOUT_PS,
            IO_IOMMU_LARGE_PAGES,
            IO_IOTLB_ENTRIES,
            IO_IOTLB_WAYS,
            IO_HOST_CORES,
            IO_PCIE_BITS_PER_SEC,
            IO_PCIE_TLP_OVERHEAD_BYTES,
            IO_ATTACK,
            IO_ATTACK_PS,
            IO_VM_HOST_LATENCY_PS));
    s.addAll(MigrationSetup.PARAMETERS);
    return List.copyOf(s);
  }
}
