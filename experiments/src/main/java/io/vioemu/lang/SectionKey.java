package io.vioemu.lang;

import io.vioemu.fabric.kernel.ParamSpec;
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
 * One key of a structured section ({@code topology.switch.forwardingNs}): the model parameter it
 * sets ({@code forwardingPs}) and the models it applies to. What the value is (type, range,
 * choices, default, doc) is the models' declaration of that parameter ({@link ParamSpec}, read
 * through {@link ModelDeclarations}); the key adds only the language's part: the unit of a time in
 * the file (µs or ns), and where the language words a default or a remark its own way. A key that
 * sets no parameter ({@code placement.strategy}) is declared here, being the loader's own.
 *
 * <p>The table {@link #ALL} is the language's reference: the loader reads through it, and the JSON
 * schema and the README's tables are rendered from it ({@link LanguageReference}).
 *
 * @param path the dotted path in the file, the section's name first
 * @param param the model parameter it sets, or null for a key the loader itself reads
 * @param unit the file's unit of a time ({@link Kind#MICROS}, {@link Kind#NANOS}), else null
 * @param models the models the key applies to; empty: every model
 * @param own the declaration of a key that sets no parameter, else null
 * @param defaultText the default as the language words it, or empty for the declaration's
 * @param note a remark the language adds to the declaration's doc, or empty
 */
record SectionKey(
    String path,
    String param,
    Kind unit,
    Set<String> models,
    ParamDecl own,
    String defaultText,
    String note) {

  /** The key's value as the reference shows it, over every model it applies to. */
  ParamDecl decl() {
    return own != null ? own : ModelDeclarations.reference(this);
  }

  /** The key's value for {@code model}: its type, smallest value and choices in the file. */
  ParamDecl decl(String model) {
    return own != null ? own : ModelDeclarations.forModel(this, model);
  }

  Kind kind() {
    return decl().kind();
  }

  long min() {
    return decl().min();
  }

  List<String> choices() {
    return decl().choices();
  }

  /** The key with the language's wording of its default and a remark of its own. */
  private SectionKey words(String defaultText, String note) {
    return new SectionKey(path, param, unit, models, own, defaultText, note);
  }

  /** The sections of the language, in the order the README documents them. */
  static final List<String> SECTIONS =
      List.of(
          "topology", "hosts", "vms", "workload", "schedule", "placement", "outputs", "reference");

  static final Set<String> STAR = sortedSet("eth-star", "host-star", "netperf-star");
  static final Set<String> LEAFSPINE = sortedSet("eth-leafspine");
  static final Set<String> FABRICS =
      sortedSet("eth-star", "host-star", "netperf-star", "eth-leafspine", "netperf-cluster");
  static final Set<String> CPU = sortedSet("host-star", "netperf-star", "netperf-cluster");
  static final Set<String> NETPERF = sortedSet("netperf-star", "netperf-cluster");
  static final Set<String> NETPERF_STAR = sortedSet("netperf-star");
  static final Set<String> CLUSTER = sortedSet("netperf-cluster");
  static final Set<String> LEAVES = sortedSet("eth-leafspine", "netperf-cluster");
  static final Set<String> JITTER =
      sortedSet("eth-star", "host-star", "netperf-star", "netperf-cluster");
  static final Set<String> EVERY = sortedSet();

  /** Sorted, so that messages list models in a fixed order. */
  private static Set<String> sortedSet(String... names) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(List.of(names)));
  }

  static final List<String> TOPOLOGY_KINDS = List.of("star", "leafspine", "leaf-spine", "fat-tree");

  /** The runtime's {@link PlacementStrategy} config names; the first is the default. */
  static final List<String> PLACEMENTS = PlacementStrategy.configNames();

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
    clusterKeys(t);
    return List.copyOf(t);
  }

  private static void topologyKeys(List<SectionKey> t) {
    t.add(
        loader(
            "topology.kind",
            Kind.CHOICE,
            0,
            TOPOLOGY_KINDS,
            FABRICS,
            "the model's",
            "The shape, checked against the model: star (one switch: eth-star, host-star,"
                + " netperf-star), leafspine (eth-leafspine), or leaf-spine or fat-tree"
                + " (netperf-cluster, where it sets fabric)."));
    t.add(key("topology.hosts", "hosts", STAR));
    t.add(key("topology.leaves", "leaves", LEAVES));
    t.add(key("topology.spines", "spines", LEAVES));
    t.add(key("topology.hostsPerLeaf", "hostsPerLeaf", LEAVES));
    t.add(key("topology.linkRateBitsPerSec", "rateBitsPerSec", FABRICS));
    t.add(time("topology.propagationNs", "propagationPs", Kind.NANOS, FABRICS));
    t.add(key("topology.mtuBytes", "mtuBytes", FABRICS).words("", "netperf-star: at least 576."));
    t.add(key("topology.switch.bufferBytes", "switchBufferBytes", FABRICS));
    t.add(time("topology.switch.forwardingNs", "forwardingPs", Kind.NANOS, FABRICS));
    t.add(time("topology.switch.jitterNs", "forwardingJitterPs", Kind.NANOS, JITTER));
  }

  private static void hostKeys(List<SectionKey> t) {
    t.add(key("hosts.cores", "cores", CPU));
    t.add(key("hosts.clockHz", "cost.clockHz", CPU));
    t.add(key("hosts.sharedCores", "io.hostCores", NETPERF));
    t.add(key("hosts.nic.tso", "nic.tso", NETPERF));
    t.add(key("hosts.nic.tsoMaxBytes", "nic.tsoMaxBytes", NETPERF));
    t.add(key("hosts.nic.gro", "nic.gro", NETPERF));
    t.add(key("hosts.nic.checksumOffload", "nic.checksumOffload", NETPERF));
    t.add(key("hosts.nic.rxRingFrames", "rxRingFrames", CPU));
    t.add(key("hosts.nic.coalesceFrames", "rxCoalesceFrames", CPU));
    t.add(time("hosts.nic.coalesceUs", "rxCoalescePs", Kind.MICROS, CPU));
    t.add(time("hosts.nic.itrUs", "rxItrPs", Kind.MICROS, NETPERF));
    t.add(key("hosts.nic.adaptiveItr", "rxAdaptiveItr", NETPERF));
    t.add(key("hosts.nic.embeddedSwitchBitsPerSec", "io.embeddedSwitchBitsPerSec", NETPERF));
    t.add(
        key("hosts.iommu.strategy", "io.iommu", NETPERF)
            .words(
                "`off`",
                "Here: the host's own OS (bare metal, or under a software back-end); same"
                    + " parameter as vms.iommu, set one of them."));
    t.add(
        key("hosts.iommu.deferredBatch", "io.deferredBatch", NETPERF)
            .words("", "Same parameter as vms.deferredBatch."));
    t.add(key("hosts.iommu.hostStrategy", "io.hostIommu", NETPERF));
    t.add(key("hosts.iommu.on", "io.iommuHosts", NETPERF));
    t.add(time("hosts.iommu.flushIntervalUs", "io.flushIntervalPs", Kind.MICROS, NETPERF));
    t.add(key("hosts.iommu.optimisticLimit", "io.optimisticLimit", NETPERF));
    t.add(time("hosts.iommu.optimisticTimeoutUs", "io.optimisticTimeoutPs", Kind.MICROS, NETPERF));
    t.add(key("hosts.iommu.largePages", "io.iommuLargePages", NETPERF));
    t.add(key("hosts.iommu.iotlbEntries", "io.iotlbEntries", NETPERF));
    t.add(key("hosts.iommu.iotlbWays", "io.iotlbWays", NETPERF));
  }

  private static void vmKeys(List<SectionKey> t) {
    t.add(key("vms.on", "io.vmHosts", NETPERF));
    t.add(key("vms.perHost", "io.vmsPerHost", NETPERF));
    t.add(key("vms.vcpus", "io.vcpus", NETPERF).words("`hosts.cores`", ""));
    t.add(key("vms.memoryMiB", "io.vmMemoryMiB", NETPERF));
    t.add(
        key("vms.ioModel", "io.model", NETPERF)
            .words("required", "Required with vms; bare-metal to compare against in a sweep."));
    t.add(key("vms.iommu", "io.iommu", NETPERF));
    t.add(key("vms.deferredBatch", "io.deferredBatch", NETPERF));
    t.add(key("vms.interrupts", "io.interrupts", NETPERF));
    t.add(key("vms.bond", "io.bond", NETPERF_STAR));
    t.add(key("vms.attack", "io.attack", NETPERF));
    t.add(time("vms.attackUs", "io.attackPs", Kind.MICROS, NETPERF));
    t.add(time("vms.hostLatencyNs", "io.vmHostLatencyPs", Kind.NANOS, NETPERF));
  }

  private static void workloadKeys(List<SectionKey> t) {
    t.add(key("workload.test", "test", NETPERF));
    t.add(key("workload.messageBytes", "messageBytes", NETPERF));
    t.add(key("workload.responseBytes", "responseBytes", NETPERF));
    t.add(key("workload.receiveCallBytes", "receiveCallBytes", NETPERF));
    t.add(key("workload.senders", "senders", NETPERF));
    t.add(key("workload.flowsPerHost", "flowsPerHost", NETPERF));
    t.add(key("workload.incastHost", "incastHost", NETPERF));
    t.add(key("workload.pairing", "pairing", NETPERF_STAR));
    t.add(time("workload.startUs", "startPs", Kind.MICROS, NETPERF));
    t.add(time("workload.startStaggerUs", "startStaggerPs", Kind.MICROS, NETPERF));
    t.add(time("workload.stopUs", "stopPs", Kind.MICROS, NETPERF));
    t.add(time("workload.warmupUs", "warmupPs", Kind.MICROS, NETPERF));
    t.add(key("workload.udpBufferBytes", "udpBufferBytes", NETPERF));
    t.add(key("workload.tcp.congestion", "tcp.congestion", NETPERF));
    t.add(key("workload.tcp.sack", "tcp.sack", NETPERF));
    t.add(key("workload.tcp.timestamps", "tcp.timestamps", NETPERF));
    t.add(key("workload.tcp.noDelay", "tcp.noDelay", NETPERF));
    t.add(key("workload.tcp.delayedAck", "tcp.delayedAck", NETPERF));
    t.add(time("workload.tcp.delayedAckUs", "tcp.delayedAckPs", Kind.MICROS, NETPERF));
    t.add(key("workload.tcp.initialCwndSegments", "tcp.initialCwndSegments", NETPERF));
    t.add(key("workload.tcp.sendBufferBytes", "tcp.sendBufferBytes", NETPERF));
    t.add(key("workload.tcp.receiveBufferBytes", "tcp.receiveBufferBytes", NETPERF));
    t.add(key("workload.tcp.queueLimitBytes", "tcp.queueLimitBytes", NETPERF));
    t.add(key("workload.tcp.dupThresh", "tcp.dupThresh", NETPERF));
    t.add(time("workload.tcp.minRtoUs", "tcp.minRtoPs", Kind.MICROS, NETPERF));
    t.add(time("workload.tcp.initialRtoUs", "tcp.initialRtoPs", Kind.MICROS, NETPERF));
    t.add(time("workload.tcp.maxRtoUs", "tcp.maxRtoPs", Kind.MICROS, NETPERF));
  }

  private static void placementKeys(List<SectionKey> t) {
    t.add(
        loader(
            "placement.strategy",
            Kind.CHOICE,
            0,
            PLACEMENTS,
            EVERY,
            "`contiguous`",
            "How entities are spread over JVMs (--jvms): contiguous (even blocks along the"
                + " model's placement order, which keeps a host beside its VMs), round-robin"
                + " (dealt in turn), vms-apart (VM entities after all others, to show that"
                + " VMs on other JVMs than their hosts give identical results, only slower), or"
                + " by-rack (netperf-cluster: whole racks, a leaf with its hosts and their VMs,"
                + " per partition, so cuts fall on leaf-spine links). It changes speed, never"
                + " a result."));
    t.add(
        loader(
            "placement.partitionsPerJvm",
            Kind.COUNT,
            1,
            List.of(),
            EVERY,
            "one per core",
            "Partitions per JVM, each a thread of its own that exchanges window batches with"
                + " the others in memory (--partitions wins). By default one per available"
                + " processor, while each partition gets 16 entities or more. It changes"
                + " speed, never a result."));
    t.add(
        loader(
            "placement.workersPerPartition",
            Kind.COUNT,
            1,
            List.of(),
            EVERY,
            "`1`",
            "Threads that run a partition's entities, its own included, dealt out each window"
                + " by what each entity cost in the last (--workers wins). It changes speed,"
                + " never a result."));
  }

  private static void outputKeys(List<SectionKey> t) {
    t.add(
        loader(
            "outputs.dir",
            Kind.PATH,
            0,
            List.of(),
            EVERY,
            "`results/<name>`",
            "Where results go when --out is not given, relative to the working directory."));
    t.add(
        loader(
            "outputs.maxWallSeconds",
            Kind.COUNT,
            1,
            List.of(),
            EVERY,
            "none",
            "Wall-clock seconds the whole run (every sweep point) may take; past that it stops"
                + " with exit code 1 and writes nothing (--max-wall wins)."));
    t.add(time("outputs.seriesIntervalUs", "seriesIntervalPs", Kind.MICROS, NETPERF));
  }

  /**
   * netperf-cluster's own keys, in one block (its fabric, failures and traffic pattern; see
   * guest-node's ClusterSetup, which reads them in one place).
   */
  private static void clusterKeys(List<SectionKey> t) {
    t.add(key("topology.k", "fatTreeK", CLUSTER));
    t.add(
        key("topology.switchPorts", "switchPorts", CLUSTER)
            .words("", "A leaf needs hostsPerLeaf + spines, a spine one per leaf."));
    t.add(
        key("topology.uplinkRateBitsPerSec", "uplinkRateBitsPerSec", CLUSTER)
            .words(
                "linkRateBitsPerSec",
                "hostsPerLeaf x linkRate / (spines x uplinkRate) is the oversubscription."));
    t.add(
        time("topology.failure.detectionUs", "detectionPs", Kind.MICROS, CLUSTER)
            .words("", "Until then frames sent into a dead link or switch are lost."));
    t.add(key("workload.pattern", "pattern", CLUSTER));
    t.add(key("workload.locality", "locality", CLUSTER));
    t.add(key("workload.patternSeed", "patternSeed", CLUSTER));
    t.add(key("workload.flowSizeBytes", "flowSizeBytes", CLUSTER));
    t.add(
        key("workload.flowSizeCdf", "flowSizeCdf", CLUSTER)
            .words(
                "none",
                "A list of [sizeBytes, cumulativeProbability] rows, e.g. the web-search CDF of"
                    + " DCTCP; sizes are interpolated linearly between rows."));
    t.add(key("workload.loadPercent", "loadPercent", CLUSTER));
    t.add(key("workload.flowSeed", "flowSeed", CLUSTER));
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

  /** A key that sets {@code param}, which each of {@code models} declares. */
  private static SectionKey key(String path, String param, Set<String> models) {
    return new SectionKey(path, param, null, models, null, "", "");
  }

  /** A key that sets the duration {@code param}, given in the file in {@code unit}. */
  private static SectionKey time(String path, String param, Kind unit, Set<String> models) {
    return new SectionKey(path, param, unit, models, null, "", "");
  }

  /** A key the loader reads itself, declared here. */
  private static SectionKey loader(
      String path,
      Kind kind,
      long min,
      List<String> choices,
      Set<String> models,
      String defaultText,
      String doc) {
    return new SectionKey(
        path,
        null,
        null,
        models,
        new ParamDecl(null, kind, min, choices, defaultText, doc),
        "",
        "");
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
