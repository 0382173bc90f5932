package io.vioemu.lang;

import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.netperf.NetperfTest;
import io.vioemu.host.virt.IoModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One key of a structured section ({@code topology.switch.forwardingNs}) and the model parameter it
 * lowers to ({@code forwardingPs}). The table {@link #ALL} is the language's reference: the loader,
 * the JSON schema test and the README are all checked against it.
 *
 * @param path the dotted path in the file, the section's name first
 * @param param the model parameter it sets, or null for a key that sets none (a choice the loader
 *     itself reads, such as {@code placement.strategy})
 * @param kind how the value is read and converted
 * @param min the smallest value accepted, in the file's unit (numbers only)
 * @param choices the values accepted ({@link Kind#CHOICE} only)
 * @param models the models the key applies to; empty: every model
 */
record SectionKey(
    String path, String param, Kind kind, long min, List<String> choices, Set<String> models) {

  /** How a value is read, checked and written as a parameter. */
  enum Kind {
    /** An integer, written as it is. */
    COUNT(1),
    /** Microseconds, written as picoseconds. */
    MICROS(1_000_000),
    /** Nanoseconds, written as picoseconds. */
    NANOS(1_000),
    /** {@code true} or {@code false}. */
    BOOL(1),
    /** One of {@link SectionKey#choices}. */
    CHOICE(1),
    /** A file-system path (only {@code outputs.dir}). */
    PATH(1);

    /** Picoseconds (or units) per unit of the file's value. */
    final long factor;

    Kind(long factor) {
      this.factor = factor;
    }
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
    return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(List.of(names)));
  }

  static final List<String> TOPOLOGY_KINDS = List.of("star", "leafspine");

  /** The runtime's {@link PlacementStrategy} config names; the first is the default. */
  static final List<String> PLACEMENTS = PlacementStrategy.configNames();

  static final List<String> ATTACKS = List.of("none", "overwrite-hypervisor", "stale-buffer");

  /** Every key of every section but {@code schedule} and {@code reference} (lists of entries). */
  static final List<SectionKey> ALL = table();

  private static final Map<String, SectionKey> BY_PATH = byPath();

  private static List<SectionKey> table() {
    List<SectionKey> t = new ArrayList<>();
    t.add(choice("topology.kind", null, TOPOLOGY_KINDS, FABRICS));
    t.add(count("topology.hosts", "hosts", 2, STAR));
    t.add(count("topology.leaves", "leaves", 1, LEAFSPINE));
    t.add(count("topology.spines", "spines", 1, LEAFSPINE));
    t.add(count("topology.hostsPerLeaf", "hostsPerLeaf", 1, LEAFSPINE));
    t.add(count("topology.linkRateBitsPerSec", "rateBitsPerSec", 1, FABRICS));
    t.add(time("topology.propagationNs", "propagationPs", Kind.NANOS, 0, FABRICS));
    t.add(count("topology.mtuBytes", "mtuBytes", 1, FABRICS));
    t.add(count("topology.switch.bufferBytes", "switchBufferBytes", 0, FABRICS));
    t.add(time("topology.switch.forwardingNs", "forwardingPs", Kind.NANOS, 0, FABRICS));
    t.add(time("topology.switch.jitterNs", "forwardingJitterPs", Kind.NANOS, 0, STAR));

    t.add(count("hosts.cores", "cores", 1, CPU));
    t.add(count("hosts.clockHz", "cost.clockHz", 1, CPU));
    t.add(count("hosts.sharedCores", "io.hostCores", 0, NETPERF));
    t.add(bool("hosts.nic.tso", "nic.tso", NETPERF));
    t.add(count("hosts.nic.tsoMaxBytes", "nic.tsoMaxBytes", 1, NETPERF));
    t.add(bool("hosts.nic.gro", "nic.gro", NETPERF));
    t.add(bool("hosts.nic.checksumOffload", "nic.checksumOffload", NETPERF));
    t.add(count("hosts.nic.rxRingFrames", "rxRingFrames", 1, CPU));
    t.add(count("hosts.nic.coalesceFrames", "rxCoalesceFrames", 1, CPU));
    t.add(time("hosts.nic.coalesceUs", "rxCoalescePs", Kind.MICROS, 0, CPU));
    t.add(count("hosts.nic.embeddedSwitchBitsPerSec", "io.embeddedSwitchBitsPerSec", 1, NETPERF));
    t.add(choice("hosts.iommu.strategy", "io.iommu", strategies(), NETPERF));
    t.add(count("hosts.iommu.deferredBatch", "io.deferredBatch", 1, NETPERF));
    t.add(count("hosts.iommu.iotlbEntries", "io.iotlbEntries", 1, NETPERF));
    t.add(count("hosts.iommu.iotlbWays", "io.iotlbWays", 1, NETPERF));

    t.add(choice("vms.on", "io.vmHosts", List.of("all", "clients", "servers"), NETPERF));
    t.add(count("vms.perHost", "io.vmsPerHost", 1, NETPERF));
    t.add(count("vms.vcpus", "io.vcpus", 1, NETPERF));
    t.add(count("vms.memoryMiB", "io.vmMemoryMiB", 1, NETPERF));
    t.add(choice("vms.ioModel", "io.model", ioModels(), NETPERF));
    t.add(choice("vms.iommu", "io.iommu", strategies(), NETPERF));
    t.add(count("vms.deferredBatch", "io.deferredBatch", 1, NETPERF));
    t.add(bool("vms.postedInterrupts", "io.postedInterrupts", NETPERF));
    t.add(choice("vms.attack", "io.attack", ATTACKS, NETPERF));
    t.add(time("vms.attackUs", "io.attackPs", Kind.MICROS, 0, NETPERF));
    t.add(time("vms.hostLatencyNs", "io.vmHostLatencyPs", Kind.NANOS, 0, NETPERF));

    t.add(choice("workload.test", "test", tests(), NETPERF));
    t.add(count("workload.messageBytes", "messageBytes", 1, NETPERF));
    t.add(count("workload.responseBytes", "responseBytes", 1, NETPERF));
    t.add(count("workload.receiveCallBytes", "receiveCallBytes", 1, NETPERF));
    t.add(count("workload.senders", "senders", 1, NETPERF));
    t.add(count("workload.flowsPerHost", "flowsPerHost", 1, NETPERF));
    t.add(count("workload.incastHost", "incastHost", -1, NETPERF));
    t.add(choice("workload.pairing", "pairing", List.of("remote", "local"), NETPERF));
    t.add(time("workload.startUs", "startPs", Kind.MICROS, 0, NETPERF));
    t.add(time("workload.startStaggerUs", "startStaggerPs", Kind.MICROS, 0, NETPERF));
    t.add(time("workload.stopUs", "stopPs", Kind.MICROS, 0, NETPERF));
    t.add(time("workload.warmupUs", "warmupPs", Kind.MICROS, 0, NETPERF));
    t.add(count("workload.udpBufferBytes", "udpBufferBytes", 1, NETPERF));
    t.add(
        choice("workload.tcp.congestion", "tcp.congestion", List.of("cubic", "newreno"), NETPERF));
    t.add(bool("workload.tcp.sack", "tcp.sack", NETPERF));
    t.add(bool("workload.tcp.timestamps", "tcp.timestamps", NETPERF));
    t.add(bool("workload.tcp.noDelay", "tcp.noDelay", NETPERF));
    t.add(bool("workload.tcp.delayedAck", "tcp.delayedAck", NETPERF));
    t.add(time("workload.tcp.delayedAckUs", "tcp.delayedAckPs", Kind.MICROS, 1, NETPERF));
    t.add(count("workload.tcp.initialCwndSegments", "tcp.initialCwndSegments", 1, NETPERF));
    t.add(count("workload.tcp.sendBufferBytes", "tcp.sendBufferBytes", 1, NETPERF));
    t.add(count("workload.tcp.receiveBufferBytes", "tcp.receiveBufferBytes", 1, NETPERF));
    t.add(count("workload.tcp.queueLimitBytes", "tcp.queueLimitBytes", 1, NETPERF));
    t.add(time("workload.tcp.minRtoUs", "tcp.minRtoPs", Kind.MICROS, 1, NETPERF));
    t.add(time("workload.tcp.initialRtoUs", "tcp.initialRtoPs", Kind.MICROS, 1, NETPERF));
    t.add(time("workload.tcp.maxRtoUs", "tcp.maxRtoPs", Kind.MICROS, 1, NETPERF));

    t.add(choice("placement.strategy", null, PLACEMENTS, EVERY));

    t.add(new SectionKey("outputs.dir", null, Kind.PATH, 0, List.of(), EVERY));
    t.add(time("outputs.seriesIntervalUs", "seriesIntervalPs", Kind.MICROS, 0, NETPERF));
    return List.copyOf(t);
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

  private static SectionKey count(String path, String param, long min, Set<String> models) {
    return new SectionKey(path, param, Kind.COUNT, min, List.of(), models);
  }

  private static SectionKey time(
      String path, String param, Kind unit, long min, Set<String> models) {
    return new SectionKey(path, param, unit, min, List.of(), models);
  }

  private static SectionKey bool(String path, String param, Set<String> models) {
    return new SectionKey(path, param, Kind.BOOL, 0, List.of("true", "false"), models);
  }

  private static SectionKey choice(
      String path, String param, List<String> choices, Set<String> models) {
    return new SectionKey(path, param, Kind.CHOICE, 0, List.copyOf(choices), models);
  }

  private static List<String> ioModels() {
    return Arrays.stream(IoModel.values()).map(IoModel::paramName).toList();
  }

  private static List<String> strategies() {
    return Arrays.stream(DmaStrategy.values()).map(DmaStrategy::configName).toList();
  }

  private static List<String> tests() {
    return Arrays.stream(NetperfTest.values()).map(NetperfTest::name).toList();
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
    Set<String> out = new java.util.TreeSet<>();
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
    Set<String> out = new java.util.TreeSet<>();
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
