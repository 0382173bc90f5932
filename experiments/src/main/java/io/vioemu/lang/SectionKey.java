package io.vioemu.lang;

import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.lang.ParamDecl.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One key of a structured section ({@code topology.switch.forwardingNs}) and the declaration of the
 * value it takes ({@link ParamDecl}: the model parameter it lowers to, {@code forwardingPs}, its
 * unit, range, default and doc). The table {@link #ALL} is the language's reference: the loader
 * reads through it, and the JSON schema and the README's tables are checked against it.
 *
 * @param path the dotted path in the file, the section's name first
 * @param decl what the key's value is
 * @param models the models the key applies to; empty: every model
 */
record SectionKey(String path, ParamDecl decl, Set<String> models) {

  /** The model parameter it sets, or null for a key that sets none ({@code placement.strategy}). */
  String param() {
    return decl.name();
  }

  Kind kind() {
    return decl.kind();
  }

  long min() {
    return decl.min();
  }

  List<String> choices() {
    return decl.choices();
  }

  /** The key with its default and doc, as the reference shows them. */
  private SectionKey doc(String defaultText, String doc) {
    return new SectionKey(path, decl.documented(defaultText, doc), models);
  }

  /** The sections of the language, in the order the README documents them. */
  static final List<String> SECTIONS =
      List.of(
          "topology", "hosts", "vms", "workload", "schedule", "placement", "outputs", "reference");

  static final Set<String> STAR = sortedSet("eth-star", "host-star", "netperf-star");
  static final Set<String> LEAFSPINE = sortedSet("eth-leafspine");
  static final Set<String> FABRICS =
      sortedSet("eth-star", "host-star", "netperf-star", "eth-leafspine");
  static final Set<String> CPU = sortedSet("host-star", "netperf-star");
  static final Set<String> NETPERF = sortedSet("netperf-star");
  static final Set<String> EVERY = sortedSet();

  /** Sorted, so that messages list models in a fixed order. */
  private static Set<String> sortedSet(String... names) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(List.of(names)));
  }

  static final List<String> TOPOLOGY_KINDS = List.of("star", "leafspine");

  /** The runtime's {@link PlacementStrategy} config names; the first is the default. */
  static final List<String> PLACEMENTS = PlacementStrategy.configNames();

  /**
   * netperf-star's I/O models, DMA API strategies and tests, by the names its parameters take. They
   * are declared here rather than read from host-node's enums, so that the language does not depend
   * on the model's classes; a test fails when the two differ.
   */
  static final List<String> IO_MODELS =
      List.of("bare-metal", "emulation", "virtio", "xen", "passthrough", "sriov");

  static final List<String> DMA_STRATEGIES =
      List.of("off", "direct", "strict", "deferred", "persistent", "copy");

  static final List<String> NETPERF_TESTS =
      List.of("TCP_STREAM", "TCP_MAERTS", "TCP_RR", "UDP_STREAM", "UDP_RR");

  static final List<String> ATTACKS = List.of("none", "overwrite-hypervisor", "stale-buffer");

  /** Every key of every section but {@code schedule} and {@code reference} (lists of entries). */
  static final List<SectionKey> ALL = table();

  private static final Map<String, SectionKey> BY_PATH = byPath();

  private static List<SectionKey> table() {
    List<SectionKey> t = new ArrayList<>();
    topologyKeys(t);
    hostKeys(t);
    vmKeys(t);
    workloadKeys(t);
    placementKeys(t);
    outputKeys(t);
    return List.copyOf(t);
  }

  private static void topologyKeys(List<SectionKey> t) {
    t.add(
        choice("topology.kind", null, TOPOLOGY_KINDS, FABRICS)
            .doc(
                "the model's",
                "The shape, checked against the model: star (one switch: eth-star, host-star,"
                    + " netperf-star) or leafspine (eth-leafspine)."));
    t.add(count("topology.hosts", "hosts", 2, STAR).doc("`2`", "Hosts on the switch."));
    t.add(count("topology.leaves", "leaves", 1, LEAFSPINE).doc("`2`", "Leaf switches."));
    t.add(count("topology.spines", "spines", 1, LEAFSPINE).doc("`2`", "Spine switches."));
    t.add(
        count("topology.hostsPerLeaf", "hostsPerLeaf", 1, LEAFSPINE)
            .doc("`2`", "Hosts under each leaf."));
    t.add(
        count("topology.linkRateBitsPerSec", "rateBitsPerSec", 1, FABRICS)
            .doc("`10_000_000_000`", "Every link's rate."));
    t.add(
        time("topology.propagationNs", "propagationPs", Kind.NANOS, 0, FABRICS)
            .doc("`1000`", "Every link's propagation delay."));
    t.add(
        count("topology.mtuBytes", "mtuBytes", 1, FABRICS)
            .doc("`1500`", "Every link's MTU (netperf-star: at least 576)."));
    t.add(
        count("topology.switch.bufferBytes", "switchBufferBytes", 0, FABRICS)
            .doc("`524288`", "Output buffer per switch port, in frame bytes (drop-tail)."));
    t.add(
        time("topology.switch.forwardingNs", "forwardingPs", Kind.NANOS, 0, FABRICS)
            .doc("`500`", "Store-and-forward decision time per frame."));
    t.add(
        time("topology.switch.jitterNs", "forwardingJitterPs", Kind.NANOS, 0, STAR)
            .doc(
                "`100` (netperf-star), `0`",
                "Up to this much extra switch latency per frame, uniform and seeded; frames of one"
                    + " port keep their order."));
  }

  private static void hostKeys(List<SectionKey> t) {
    t.add(
        count("hosts.cores", "cores", 1, CPU)
            .doc(
                "`1`",
                "Cores per host: 1 (everything on core 0) or 2 (interrupts and softirq on core 0,"
                    + " applications on core 1)."));
    t.add(
        count("hosts.clockHz", "cost.clockHz", 1, CPU)
            .doc(
                "the profile's, else 3_000_000_000",
                "Core clock; overrides the profile's clockHz."));
    t.add(
        count("hosts.sharedCores", "io.hostCores", 0, NETPERF)
            .doc(
                "`0`",
                "Physical cores of a VM host, shared in turn by its guests' vCPUs and back-end"
                    + " threads; 0 gives each its own core."));
    t.add(
        bool("hosts.nic.tso", "nic.tso", NETPERF)
            .doc(
                "`false`",
                "TSO/GSO: the stack and driver handle one super-segment, the NIC cuts frames."));
    t.add(
        count("hosts.nic.tsoMaxBytes", "nic.tsoMaxBytes", 1, NETPERF)
            .doc("`65536`", "Largest TSO super-segment."));
    t.add(
        bool("hosts.nic.gro", "nic.gro", NETPERF)
            .doc(
                "`false`",
                "GRO/LRO: in-order segments of one connection in one poll merge before the"
                    + " stack."));
    t.add(
        bool("hosts.nic.checksumOffload", "nic.checksumOffload", NETPERF)
            .doc("`true`", "false: the CPU checksums every byte."));
    t.add(
        count("hosts.nic.rxRingFrames", "rxRingFrames", 1, CPU)
            .doc("`512`", "Receive descriptors; a full ring drops."));
    t.add(
        count("hosts.nic.coalesceFrames", "rxCoalesceFrames", 1, CPU)
            .doc("`1`", "One interrupt per this many frames …"));
    t.add(
        time("hosts.nic.coalesceUs", "rxCoalescePs", Kind.MICROS, 0, CPU)
            .doc("`0`", "… or after this long (needed when coalesceFrames > 1)."));
    t.add(
        count("hosts.nic.embeddedSwitchBitsPerSec", "io.embeddedSwitchBitsPerSec", 1, NETPERF)
            .doc(
                "`32_000_000_000`",
                "How fast frames cross between two guests of one host inside the NIC."));
    t.add(
        choice("hosts.iommu.strategy", "io.iommu", DMA_STRATEGIES, NETPERF)
            .doc(
                "`off`",
                "The DMA API's strategy when the host's own OS drives the NIC (bare metal, or under"
                    + " a software back-end); same parameter as vms.iommu, set one of them."));
    t.add(
        count("hosts.iommu.deferredBatch", "io.deferredBatch", 1, NETPERF)
            .doc(
                "`256`",
                "Unmaps per domain-wide invalidation under deferred; same parameter as"
                    + " vms.deferredBatch."));
    t.add(
        count("hosts.iommu.iotlbEntries", "io.iotlbEntries", 1, NETPERF)
            .doc("`64`", "IOTLB entries (vendors do not publish them: an assumption)."));
    t.add(
        count("hosts.iommu.iotlbWays", "io.iotlbWays", 1, NETPERF)
            .doc("`4`", "IOTLB associativity; iotlbEntries must be a multiple of it."));
  }

  private static void vmKeys(List<SectionKey> t) {
    t.add(
        choice("vms.on", "io.vmHosts", List.of("all", "clients", "servers"), NETPERF)
            .doc("`all`", "Which hosts run VMs: all, clients (the netperf side) or servers."));
    t.add(
        count("vms.perHost", "io.vmsPerHost", 1, NETPERF)
            .doc(
                "`1`",
                "VMs on each VM host, each with its own MAC (its virtual function under sriov); a"
                    + " host's flows are spread over its VMs."));
    t.add(count("vms.vcpus", "io.vcpus", 1, NETPERF).doc("`hosts.cores`", "vCPUs per VM."));
    t.add(
        count("vms.memoryMiB", "io.vmMemoryMiB", 1, NETPERF)
            .doc("the model's", "Guest memory per VM."));
    t.add(
        choice("vms.ioModel", "io.model", IO_MODELS, NETPERF)
            .doc(
                "required",
                "How the VMs reach the NIC (required with vms): emulation, virtio, xen,"
                    + " passthrough, sriov; bare-metal means no VM (to compare against in a"
                    + " sweep)."));
    t.add(
        choice("vms.iommu", "io.iommu", DMA_STRATEGIES, NETPERF)
            .doc(
                "direct (passthrough, sriov), else off",
                "The DMA API's strategy in the OS that drives the NIC; under passthrough and sriov"
                    + " that is the guest."));
    t.add(
        count("vms.deferredBatch", "io.deferredBatch", 1, NETPERF)
            .doc("`256`", "Unmaps per domain-wide invalidation under deferred."));
    t.add(
        bool("vms.postedInterrupts", "io.postedInterrupts", NETPERF)
            .doc(
                "`false`", "Pass-through and SR-IOV guests take device interrupts without exits."));
    t.add(
        choice("vms.attack", "io.attack", ATTACKS, NETPERF)
            .doc("`none`", "A malicious guest's DMA: none, overwrite-hypervisor or stale-buffer."));
    t.add(
        time("vms.attackUs", "io.attackPs", Kind.MICROS, 0, NETPERF)
            .doc("warmup, or 1 ms", "When the attack happens."));
    t.add(
        time("vms.hostLatencyNs", "io.vmHostLatencyPs", Kind.NANOS, 0, NETPERF)
            .doc(
                "`250`",
                "How long what a VM and its host tell each other takes to be seen: a doorbell or an"
                    + " interrupt crossing PCIe, a ring's flags moving between cores. Every VM pays"
                    + " it wherever it runs, which is what lets VMs run on other JVMs than their"
                    + " hosts with the same results. `0` makes it immediate and keeps each VM in"
                    + " its host's entity (as `hosts.sharedCores` does)."));
  }

  private static void workloadKeys(List<SectionKey> t) {
    t.add(
        choice("workload.test", "test", NETPERF_TESTS, NETPERF)
            .doc("`TCP_STREAM`", "The netperf test."));
    t.add(
        count("workload.messageBytes", "messageBytes", 1, NETPERF)
            .doc(
                "`16384` (TCP), `1024` (UDP_STREAM), `1` (RR)",
                "Send size; the request size of RR tests."));
    t.add(
        count("workload.responseBytes", "responseBytes", 1, NETPERF)
            .doc("`1`", "RR response size."));
    t.add(
        count("workload.receiveCallBytes", "receiveCallBytes", 1, NETPERF)
            .doc("`131072`", "Largest read of a stream receiver (netperf -M)."));
    t.add(
        count("workload.senders", "senders", 1, NETPERF)
            .doc("`1`", "Hosts 0..senders-1 run netperf (the clients)."));
    t.add(
        count("workload.flowsPerHost", "flowsPerHost", 1, NETPERF)
            .doc("`1`", "Concurrent flows per client host; flow id = host * flowsPerHost + j."));
    t.add(
        count("workload.incastHost", "incastHost", -1, NETPERF)
            .doc("`-1`", "-1: host i sends to host i+1; else every client sends to this host."));
    t.add(
        choice("workload.pairing", "pairing", List.of("remote", "local"), NETPERF)
            .doc(
                "`remote`",
                "remote, or local: each flow runs between two VMs of one host (needs vms.perHost >="
                    + " 2)."));
    t.add(
        time("workload.startUs", "startPs", Kind.MICROS, 0, NETPERF)
            .doc("`0`", "When flow 0 starts."));
    t.add(
        time("workload.startStaggerUs", "startStaggerPs", Kind.MICROS, 0, NETPERF)
            .doc("`0`", "Flow k starts k times this later."));
    t.add(
        time("workload.stopUs", "stopPs", Kind.MICROS, 0, NETPERF)
            .doc("never", "No new message or transaction starts at or after this time."));
    t.add(
        time("workload.warmupUs", "warmupPs", Kind.MICROS, 0, NETPERF)
            .doc("`0`", "Bytes and transactions before this time are not measured."));
    t.add(
        count("workload.udpBufferBytes", "udpBufferBytes", 1, NETPERF)
            .doc("`212992`", "UDP send and receive buffers."));
    t.add(
        choice("workload.tcp.congestion", "tcp.congestion", List.of("cubic", "newreno"), NETPERF)
            .doc("`cubic`", "cubic (RFC 9438) or newreno (RFC 5681/6582)."));
    t.add(
        bool("workload.tcp.sack", "tcp.sack", NETPERF)
            .doc("`true`", "RFC 2018 SACK and RFC 6675 recovery; false: NewReno recovery."));
    t.add(
        bool("workload.tcp.timestamps", "tcp.timestamps", NETPERF)
            .doc("`true`", "RFC 7323 timestamps (12 option bytes per segment)."));
    t.add(
        bool("workload.tcp.noDelay", "tcp.noDelay", NETPERF)
            .doc("`false`", "TCP_NODELAY: no Nagle."));
    t.add(
        bool("workload.tcp.delayedAck", "tcp.delayedAck", NETPERF)
            .doc("`true`", "ACK every second full segment, or when the timer expires."));
    t.add(
        time("workload.tcp.delayedAckUs", "tcp.delayedAckPs", Kind.MICROS, 1, NETPERF)
            .doc("`40000`", "The delayed-ACK timer."));
    t.add(
        count("workload.tcp.initialCwndSegments", "tcp.initialCwndSegments", 1, NETPERF)
            .doc("`10`", "Initial window (RFC 6928)."));
    t.add(
        count("workload.tcp.sendBufferBytes", "tcp.sendBufferBytes", 1, NETPERF)
            .doc("`4194304`", "Socket send buffer."));
    t.add(
        count("workload.tcp.receiveBufferBytes", "tcp.receiveBufferBytes", 1, NETPERF)
            .doc("`6291456`", "Socket receive buffer; bounds the advertised window."));
    t.add(
        count("workload.tcp.queueLimitBytes", "tcp.queueLimitBytes", 1, NETPERF)
            .doc("`262144`", "TCP small queues: bytes a connection may have queued below it."));
    t.add(
        time("workload.tcp.minRtoUs", "tcp.minRtoPs", Kind.MICROS, 1, NETPERF)
            .doc("`200000`", "Smallest retransmission timeout (RFC 6298)."));
    t.add(
        time("workload.tcp.initialRtoUs", "tcp.initialRtoPs", Kind.MICROS, 1, NETPERF)
            .doc("`1000000`", "Initial retransmission timeout."));
    t.add(
        time("workload.tcp.maxRtoUs", "tcp.maxRtoPs", Kind.MICROS, 1, NETPERF)
            .doc("`120000000`", "Largest retransmission timeout."));
  }

  private static void placementKeys(List<SectionKey> t) {
    t.add(
        choice("placement.strategy", null, PLACEMENTS, EVERY)
            .doc(
                "`contiguous`",
                "How entities are spread over JVMs (--jvms): contiguous (even blocks along the"
                    + " model's placement order, which keeps a host beside its VMs), round-robin"
                    + " (dealt in turn), or vms-apart (VM entities after all others, to show that"
                    + " VMs on other JVMs than their hosts give identical results, only slower). It"
                    + " changes speed, never a result."));
    t.add(
        count("placement.partitionsPerJvm", null, 1, EVERY)
            .doc(
                "one per core",
                "Partitions per JVM, each a thread of its own that exchanges window batches with"
                    + " the others in memory (--partitions wins). By default one per available"
                    + " processor, while each partition gets 16 entities or more. It changes"
                    + " speed, never a result."));
    t.add(
        count("placement.workersPerPartition", null, 1, EVERY)
            .doc(
                "`1`",
                "Threads that run a partition's entities, its own included, dealt out each window"
                    + " by what each entity cost in the last (--workers wins). It changes speed,"
                    + " never a result."));
  }

  private static void outputKeys(List<SectionKey> t) {
    t.add(
        key("outputs.dir", null, Kind.PATH, 0, List.of(), EVERY)
            .doc(
                "`results/<name>`",
                "Where results go when --out is not given, relative to the working directory."));
    t.add(
        count("outputs.maxWallSeconds", null, 1, EVERY)
            .doc(
                "none",
                "Wall-clock seconds the whole run (every sweep point) may take; past that it stops"
                    + " with exit code 1 and writes nothing (--max-wall wins)."));
    t.add(
        time("outputs.seriesIntervalUs", "seriesIntervalPs", Kind.MICROS, 0, NETPERF)
            .doc("`0`", "Time-series interval (timeseries.csv); 0: no series."));
  }

  private static Map<String, SectionKey> byPath() {
    Map<String, SectionKey> m = new LinkedHashMap<>();
    for (SectionKey k : ALL) {
      if (m.put(k.path(), k) != null) {
        throw new IllegalStateException("section key " + k.path() + " is listed twice");
      }
    }
    return Map.copyOf(m);
  }

  private static SectionKey key(
      String path, String param, Kind kind, long min, List<String> choices, Set<String> models) {
    return new SectionKey(path, new ParamDecl(param, kind, min, choices, "", ""), models);
  }

  private static SectionKey count(String path, String param, long min, Set<String> models) {
    return key(path, param, Kind.COUNT, min, List.of(), models);
  }

  private static SectionKey time(
      String path, String param, Kind unit, long min, Set<String> models) {
    return key(path, param, unit, min, List.of(), models);
  }

  private static SectionKey bool(String path, String param, Set<String> models) {
    return key(path, param, Kind.BOOL, 0, List.of("true", "false"), models);
  }

  private static SectionKey choice(
      String path, String param, List<String> choices, Set<String> models) {
    return key(path, param, Kind.CHOICE, 0, choices, models);
  }

  /** The key at {@code path}, if the language has one. */
  static Optional<SectionKey> at(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /** Whether {@code name} is a dotted section path ({@code vms.ioModel}), not a parameter name. */
  static boolean isSectionPath(String name) {
    int dot = name.indexOf('.');
    return dot > 0 && SECTIONS.contains(name.substring(0, dot));
  }

  /**
   * The names allowed right under {@code prefix} ("hosts" gives cores, clockHz, ..., nic, iommu).
   */
  static List<String> children(String prefix) {
    Set<String> out = new LinkedHashSet<>();
    for (SectionKey k : ALL) {
      if (k.path().startsWith(prefix + ".")) {
        String rest = k.path().substring(prefix.length() + 1);
        int dot = rest.indexOf('.');
        out.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return List.copyOf(out);
  }

  /** Whether {@code path} is a sub-section (a mapping of keys), such as {@code hosts.nic}. */
  static boolean isGroup(String path) {
    return !BY_PATH.containsKey(path) && !children(path).isEmpty();
  }

  /** The models a section (or sub-section) applies to: those of any of its keys; empty = every. */
  static Set<String> modelsOf(String prefix) {
    Set<String> out = new TreeSet<>();
    for (SectionKey k : ALL) {
      if (k.path().startsWith(prefix + ".")) {
        if (k.models().isEmpty()) {
          return EVERY;
        }
        out.addAll(k.models());
      }
    }
    return out;
  }

  /** Whether the key applies to {@code model}. */
  boolean appliesTo(String model) {
    return models.isEmpty() || models.contains(model);
  }

  /** The model parameters the keys of {@code model} can set. */
  static Set<String> paramsOf(String model) {
    Set<String> out = new TreeSet<>();
    for (SectionKey k : ALL) {
      if (k.param() != null && k.appliesTo(model)) {
        out.add(k.param());
      }
    }
    return out;
  }

  /** The section keys that set {@code param} for {@code model} (for "did you mean"). */
  static List<String> pathsFor(String param, String model) {
    return ALL.stream()
        .filter(k -> param.equals(k.param()) && k.appliesTo(model))
        .map(SectionKey::path)
        .toList();
  }
}
