package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input and seed give the same results on 1, 2 and 3 JVMs: real separate processes whose
 * timestamped events cross over Aeron UDP on loopback.
 */
class DeterminismIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern CHECKSUM =
      Pattern.compile("\"events\":(\\d+),.*\"checksum\":\"([0-9a-f]{16})\"");

  private static String[] phold(long seed, String meanNs, int jvms) {
    return phold(seed, meanNs, jvms, jvms == 2 ? 2 : 1, 1);
  }

  /** PHOLD on {@code jvms} JVMs of {@code partitions} partitions of {@code workers} threads. */
  private static String[] phold(long seed, String meanNs, int jvms, int partitions, int workers) {
    return new String[] {
      "bench",
      "phold",
      "--lps",
      "96",
      "--population",
      "8",
      "--remote",
      "0.25",
      "--lookahead-ns",
      "1000",
      "--mean-ns",
      meanNs,
      "--end-us",
      "300",
      "--seed",
      Long.toString(seed),
      "--jvms",
      Integer.toString(jvms),
      "--partitions",
      Integer.toString(partitions),
      "--workers",
      Integer.toString(workers)
    };
  }

  private static String eventsAndChecksum(Cli.Result r, String where) {
    assertEquals(0, r.exitCode(), where + ": " + r.stderr());
    Matcher m = CHECKSUM.matcher(r.stdout());
    assertTrue(m.find(), where + ": no checksum in " + r.stdout());
    assertTrue(Long.parseLong(m.group(1)) > 10_000, where + ": too few events: " + r.stdout());
    return m.group(1) + "/" + m.group(2);
  }

  @Test
  void shouldGiveSamePholdChecksumWhenRunOnOneTwoAndThreeJvms() {
    long seed = System.nanoTime() % 1_000_000;
    String one =
        eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 1)), "seed " + seed + ", 1 JVM");
    String two =
        eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 2)), "seed " + seed + ", 2 JVMs");
    String three =
        eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 3)), "seed " + seed + ", 3 JVMs");
    assertEquals(one, two, "seed " + seed);
    assertEquals(one, three, "seed " + seed);
  }

  @Test
  void shouldGiveSamePholdChecksumWhenOneJvmRunsFourPartitionsOrLoadAdaptiveWorkers() {
    long seed = System.nanoTime() % 1_000_000;
    String where = "seed " + seed;
    String one = eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 1, 1, 1)), where);
    String four = eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 1, 4, 1)), where);
    String pooled = eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "700", 2, 2, 2)), where);
    assertEquals(one, four, where + ": 4 partitions in one JVM");
    assertEquals(one, pooled, where + ": 2 JVMs x 2 partitions x 2 workers");
  }

  @Test
  void shouldGiveSameZeroSlackPholdChecksumWhenRunOnOneAndThreeJvms() {
    long seed = System.nanoTime() % 1_000_000;
    String one =
        eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "0", 1)), "seed " + seed + ", 1 JVM");
    String three =
        eventsAndChecksum(Cli.run(TIMEOUT, phold(seed, "0", 3)), "seed " + seed + ", 3 JVMs");
    assertEquals(one, three, "seed " + seed);
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenEthernetFramesCrossJvms(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("star.yaml");
    Files.writeString(
        file,
        """
        name: star-determinism
        model: eth-star
        seed: 3
        endUs: 300
        params:
          hosts: 5
          payloadBytes: 700
          switchBufferBytes: 20000
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] three = runAndRead(file, dir.resolve("three"), 3);
    String text = new String(one);
    assertTrue(text.contains("\"rxFrames\":"), text);
    assertTrue(text.contains("\"floodedFrames\":"), text);
    assertArrayEquals(one, three, text + "\n" + new String(three));

    byte[] csvOne = Files.readAllBytes(dir.resolve("one").resolve("metrics.csv"));
    byte[] csvThree = Files.readAllBytes(dir.resolve("three").resolve("metrics.csv"));
    String csv = new String(csvOne);
    assertTrue(csv.startsWith("entity,metric,value\nmodel,events,"), csv);
    assertTrue(csv.contains(",rxFrames,"), csv);
    assertArrayEquals(csvOne, csvThree, csv + "\n" + new String(csvThree));
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenCpuCostsComeFromBuiltInProfile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("calibrated.yaml");
    Files.writeString(
        file,
        """
        name: calibrated-determinism
        model: host-star
        profile: xeon-2008-10gbe
        seed: 5
        endUs: 200
        params:
          hosts: 4
          payloadBytes: 1448
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] two = runAndRead(file, dir.resolve("two"), 2);
    String text = new String(one);
    assertTrue(text.contains("\"cost.rxStackCyclesPerFrame\":\""), text);
    assertTrue(text.contains("\"core0.busyPs\":"), text);
    assertArrayEquals(one, two, text + "\n" + new String(two));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("one").resolve("metrics.csv")),
        Files.readAllBytes(dir.resolve("two").resolve("metrics.csv")));
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenTcpSegmentsCrossJvms(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tcp.yaml");
    Files.writeString(
        file,
        """
        name: tcp-determinism
        model: netperf-star
        profile: modern-x86-10gbe
        seed: 11
        endUs: 3000
        params:
          hosts: 3
          senders: 2
          incastHost: 2
          flowsPerHost: 2
          test: TCP_STREAM
          switchBufferBytes: 30000
          tcp.minRtoPs: 1_000_000_000
          warmupPs: 1_000_000_000
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] two = runAndRead(file, dir.resolve("two"), 2);
    String text = new String(one);
    assertTrue(text.contains("\"jainIndex\":"), text);
    assertTrue(text.matches("(?s).*\"flow0.retransmittedSegments\":[1-9].*"), text);
    assertArrayEquals(one, two, text + "\n" + new String(two));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("one").resolve("metrics.csv")),
        Files.readAllBytes(dir.resolve("two").resolve("metrics.csv")));
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenVmHostsAreSpreadOverJvms(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("vms.yaml");
    Files.writeString(
        file,
        """
        name: vm-determinism
        model: netperf-star
        profile: modern-x86-10gbe
        seed: 13
        endUs: 2000
        params:
          hosts: 3
          senders: 2
          incastHost: 2
          flowsPerHost: 3
          test: TCP_STREAM
          messageBytes: 1024
          io.model: virtio
          io.vmHosts: clients
          io.vmsPerHost: 3
          io.iommu: strict
          warmupPs: 500_000_000
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] two = runAndRead(file, dir.resolve("two"), 2);
    String text = new String(one);
    assertTrue(text.contains("\"vm2.vm.exits\":"), text);
    assertArrayEquals(one, two, text + "\n" + new String(two));
    byte[] apart = runAndRead(file, dir.resolve("apart"), 2, "placement.strategy=vms-apart");
    assertArrayEquals(one, apart, "the VMs on the other JVM than their hosts");
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenVmsRunOnOtherJvmsThanTheirHosts(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("passthrough.yaml");
    Files.writeString(
        file,
        """
        name: vms-apart
        model: netperf-star
        profile: modern-x86-10gbe
        seed: 21
        endUs: 800
        params:
          hosts: 2
          test: TCP_STREAM
          messageBytes: 4096
          io.model: passthrough
          io.iommu: strict
          warmupPs: 300_000_000
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    // hosts and the switch on two JVMs, both VMs on the third
    byte[] apart = runAndRead(file, dir.resolve("apart"), 3, "placement.strategy=vms-apart");
    byte[] spread = runAndRead(file, dir.resolve("spread"), 2, "placement.strategy=round-robin");
    String text = new String(one);
    assertTrue(text.contains("\"iommu.pageInvalidations\":"), text);
    assertArrayEquals(one, apart, text + "\n" + new String(apart));
    assertArrayEquals(one, spread, text + "\n" + new String(spread));
  }

  /**
   * A VM migrates between hosts that run on different JVMs, its stream crossing them, and moves:
   * the same bytes on one JVM and on two, with the VM apart from both hosts or dealt round-robin.
   */
  @Test
  void shouldWriteByteIdenticalMetricsWhenAVmMigratesBetweenHostsOnDifferentJvms(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("migrate.yaml");
    Files.writeString(
        file,
        """
        name: migrate-determinism
        model: netperf-star
        profile: modern-x86-10gbe
        seed: 3
        endUs: 7_000
        topology: {kind: star, hosts: 3}
        hosts: {cores: 2, nic: {rxRingFrames: 64}}
        vms: {on: all, perHost: 1, ioModel: virtio, memoryMiB: 4, vcpus: 1}
        workload: {test: TCP_STREAM, senders: 1, messageBytes: 4096, warmupUs: 200}
        schedule:
          - {atUs: 300, migrate: {vm: 1, to: 2, workingSetPages: 128, writesPerSec: 200_000}}
        outputs: {seriesIntervalUs: 100}
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] apart = runAndRead(file, dir.resolve("apart"), 2, "placement.strategy=vms-apart");
    byte[] spread = runAndRead(file, dir.resolve("spread"), 2, "placement.strategy=round-robin");
    String text = new String(one);
    assertTrue(text.contains("\"migration.0.completed\":1"), text);
    assertTrue(text.contains("\"vm0.moves\":1"), text); // host 1's only VM, the receiver
    assertArrayEquals(one, apart, text + "\n" + new String(apart));
    assertArrayEquals(one, spread, text + "\n" + new String(spread));
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenVmRacksWithALinkFailureRunOnTwoJvms(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(
        file,
        """
        name: cluster-determinism
        model: netperf-cluster
        profile: modern-x86-10gbe
        seed: 5
        endUs: 1500
        topology: {kind: leaf-spine, leaves: 2, spines: 2, hostsPerLeaf: 2,
                   failure: {detectionUs: 100}}
        vms: {on: all, perHost: 2, ioModel: virtio}
        workload: {test: TCP_STREAM, messageBytes: 4096, pattern: permutation, flowsPerHost: 2,
                   warmupUs: 300, tcp: {minRtoUs: 1000}}
        schedule:
          - {atUs: 600, fail: leaf0-spine1}
          - {atUs: 1100, recover: leaf0-spine1}
        outputs: {seriesIntervalUs: 100}
        """);
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] rack = runAndRead(file, dir.resolve("rack"), 2, "placement.strategy=by-rack");
    byte[] dealt = runAndRead(file, dir.resolve("dealt"), 2, "placement.strategy=round-robin");
    String text = new String(one);
    assertTrue(text.contains("\"fabric.lostFrames\":"), text);
    assertArrayEquals(one, rack, text + "\n" + new String(rack));
    assertArrayEquals(one, dealt, text + "\n" + new String(dealt));
  }

  @Test
  void shouldWriteByteIdenticalSweepResultsWhenEveryPointReusesTheSameJvms(@TempDir Path dir)
      throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    Path file = dir.resolve("ties-sweep.yaml");
    Files.writeString(
        file,
        """
        name: ties-sweep-determinism
        model: ties
        seed: %d
        endUs: 100
        params:
          entities: 30
          lookaheadPs: 1000000
        repetitions: 2
        sweep:
          params:
            population: [3, 5]
        """
            .formatted(seed));
    byte[] one = runAndRead(file, dir.resolve("one"), 1);
    byte[] two = runAndRead(file, dir.resolve("two"), 2);
    String text = new String(one);
    assertTrue(text.contains("{\"index\":3,"), text);
    assertArrayEquals(one, two, "seed " + seed + ": " + text + "\n" + new String(two));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("one").resolve("metrics.csv")),
        Files.readAllBytes(dir.resolve("two").resolve("metrics.csv")),
        "seed " + seed);
  }

  private static byte[] runAndRead(Path file, Path out, int jvms, String... sets) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                file.toString(),
                "--out",
                out.toString(),
                "--jvms",
                Integer.toString(jvms),
                // two partitions per JVM on two JVMs (cuts inside JVMs and between), else one
                "--partitions",
                jvms == 2 ? "2" : "1"));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    Cli.Result r = Cli.run(TIMEOUT, args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), jvms + " JVMs: " + r.stderr());
    return Files.readAllBytes(out.resolve("metrics.json"));
  }

  @Test
  void shouldWriteByteIdenticalMetricsWhenTiesRunsOnOneTwoAndThreeJvms(@TempDir Path dir)
      throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    Path file = dir.resolve("ties.yaml");
    Files.writeString(
        file,
        """
        name: ties-determinism
        model: ties
        seed: %d
        endUs: 200
        params:
          entities: 30
          population: 5
          lookaheadPs: 1000000
        """
            .formatted(seed));
    byte[] reference = runAndRead(file, dir.resolve("out-1"), 1);
    assertTrue(new String(reference).contains("\"checksum\""), new String(reference));
    for (int jvms = 2; jvms <= 3; jvms++) {
      byte[] metrics = runAndRead(file, dir.resolve("out-" + jvms), jvms);
      assertArrayEquals(
          reference, metrics, "seed " + seed + ", " + jvms + " JVMs: " + new String(metrics));
    }
  }
}
