package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.guest.migration.MigrationSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live migration in a run: the stream is a TCP flow between the hypervisors of two hosts of the
 * star, through the same switch as the tenants' flows, and the VM stops for the downtime.
 */
class MigrationRunTest {
  private static final long PS_PER_US = 1_000_000;
  private static final long RATE_BITS_PER_SEC = 10_000_000_000L;
  private static final long MIGRATE_AT_PS = 1_000 * PS_PER_US;
  private static final int MEMORY_MIB = 8;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("migrate", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Three hosts with a virtio VM each; host 0's VM streams to host 1's, or (idle) never starts. */
  private static Map<String, String> star(boolean tenantRuns) {
    Map<String, String> p = virtioVmsMigrating(2);
    p.put("hosts", "3");
    p.put("senders", "1");
    if (!tenantRuns) {
      p.put("startPs", Long.toString(1_000_000 * PS_PER_US)); // after every run's end
    }
    return p;
  }

  /** Virtio VMs streaming TCP; VM 0 migrates to host {@code to} at 1 ms. */
  private static Map<String, String> virtioVmsMigrating(int to) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.model", "virtio");
    // the hypervisor's endpoint gets the host's two cores: the NIC's softirq and the migration
    // thread apart; the VMs one vCPU each
    p.put("cores", "2");
    p.put("io.vcpus", "1");
    p.put("io.vmMemoryMiB", Integer.toString(MEMORY_MIB));
    p.put("warmupPs", Long.toString(500 * PS_PER_US));
    p.put("migration.0.atPs", Long.toString(MIGRATE_AT_PS));
    p.put("migration.0.vm", "0");
    p.put("migration.0.to", Integer.toString(to));
    return p;
  }

  private static NetperfRun run(Map<String, String> p, long endPs) {
    return NetperfRun.run(kit, p, 1, endPs);
  }

  /**
   * An idle VM on an idle link: one round of every page, then a stop-and-copy of no page but the
   * device state. Its total time is bounded below by the stream's bytes on the wire at line rate
   * (each 1448-byte TCP segment takes 1538 bytes of wire time) and above by that at 90% of it plus
   * slow start's first round trips; its downtime is the device state's wire time plus the profile's
   * resume.
   */
  @Test
  void shouldCopyEveryPageInOneRoundWhenTheVmIsIdle() {
    NetperfRun r = run(star(false), 30_000 * PS_PER_US);
    long pages = MEMORY_MIB * 256L;
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(1, r.result("migration.0.converged"));
    assertEquals(2, r.result("migration.0.rounds"), "one round and the stop-and-copy");
    assertEquals(pages, r.result("migration.0.round.1.pages"));
    assertEquals(0, r.result("migration.0.round.2.pages"));
    long streamBytes = MigrationSettings.streamBytes(pages);
    assertEquals(streamBytes, r.result("migration.0.round.1.bytes"));
    long wirePs = wirePs(streamBytes);
    double totalPs = r.result("migration.0.totalPs");
    long resumePs = 1_000 * PS_PER_US; // modern-x86-10gbe's resumePs
    assertTrue(totalPs >= wirePs + resumePs, () -> "total " + totalPs + " below " + wirePs);
    double ceiling = wirePs / 0.8 + resumePs + 500 * PS_PER_US;
    assertTrue(totalPs <= ceiling, () -> "total " + totalPs + " above " + ceiling);
    long deviceWirePs = wirePs(65_536);
    double downtimePs = r.result("migration.0.downtimePs");
    assertTrue(downtimePs >= deviceWirePs + resumePs, () -> "downtime " + downtimePs);
    assertTrue(
        downtimePs <= deviceWirePs + resumePs + 200 * PS_PER_US, () -> "downtime " + downtimePs);
    assertEquals(streamBytes + 65_536, r.result("migration.0.destination.bytesReceived"));
  }

  /**
   * A VM rewriting its whole memory faster than the link carries pages never converges: the rounds
   * stop at the limit and the stop-and-copy takes what is left, the whole working set.
   */
  @Test
  void shouldStopAtTheRoundLimitWhenTheDirtyRateExceedsTheLinksPageRate() {
    Map<String, String> p = star(false);
    long pages = MEMORY_MIB * 256L;
    p.put("migration.0.workingSetPages", Long.toString(pages));
    p.put("migration.0.writesPerSec", "100000000"); // the link carries ~290,000 pages a second
    p.put("migration.0.maxRounds", "2");
    p.put("migration.0.maxDowntimePs", "0");
    NetperfRun r = run(p, 40_000 * PS_PER_US);
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(0, r.result("migration.0.converged"));
    assertEquals(3, r.result("migration.0.rounds"), "two rounds and the stop-and-copy");
    assertEquals(pages, r.result("migration.0.round.3.pages"), "every page dirty again");
    double downtimePs = r.result("migration.0.downtimePs");
    assertTrue(downtimePs >= wirePs(MigrationSettings.streamBytes(pages)), "all of it, paused");
    double faults = r.result("migration.0.dirtyLogFaults");
    assertTrue(faults >= 2 * pages, "every page logged again in each later round: " + faults);
    assertEquals(
        (long) r.result("migration.0.vcpuCycles"),
        r.get(0, "vm0.dirtyLogCycles"),
        "the VM's vCPU paid for each logged write");
  }

  @Test
  void shouldLengthenTheDowntimeWhenTheWritableWorkingSetGrows() {
    double small = downtimeWithWorkingSet(64);
    double large = downtimeWithWorkingSet(1024);
    assertTrue(
        large > small, () -> "downtime " + large + " with 1024 pages, " + small + " with 64");
  }

  private static double downtimeWithWorkingSet(int pages) {
    Map<String, String> p = star(false);
    p.put("migration.0.workingSetPages", Integer.toString(pages));
    p.put("migration.0.writesPerSec", "10000000");
    p.put("migration.0.maxRounds", "2");
    p.put("migration.0.maxDowntimePs", "0");
    return run(p, 30_000 * PS_PER_US).result("migration.0.downtimePs");
  }

  /**
   * The migration shares host 0's uplink with the tenant's stream: it takes longer than on an idle
   * link, and the VM, paused for the downtime, handles what reached it once it runs again.
   */
  @Test
  void shouldTakeLongerAndPauseTheVmWhenTheUplinkIsLoaded() {
    NetperfRun idle = run(star(false), 30_000 * PS_PER_US);
    NetperfRun loaded = run(star(true), 30_000 * PS_PER_US);
    assertTrue(
        loaded.result("migration.0.totalPs") > 1.5 * idle.result("migration.0.totalPs"),
        "the tenant's stream takes part of the uplink");
    assertEquals(1, loaded.get(0, "vm0.pauses"), "the VM stopped once");
    assertTrue(loaded.get(0, "vm0.heldEvents") > 0, "its events waited for the resume");
  }

  /**
   * The VM moves: its host's device side stops taking its frames at the pause, the destination's
   * takes them after the resume and announces the VM's MAC, the switch learns its new port, and the
   * VM's TCP stream goes on from the destination host.
   */
  @Test
  void shouldCarryTheVmsStreamOnFromTheDestinationWhenItHasMoved() {
    Map<String, String> p = star(true);
    p.put("seriesIntervalPs", Long.toString(1_000 * PS_PER_US));
    long endPs = 30_000 * PS_PER_US;
    NetperfRun r = run(p, endPs);
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(1, r.get(0, "vm0.moves"));
    long resumedMs = (long) ((MIGRATE_AT_PS + r.result("migration.0.totalPs")) / 1e9);
    ModelResults res = r.results();
    for (long ms = resumedMs + 2; ms < 30; ms++) {
      double bps = NetperfRun.series(res, "flow0.goodputBitsPerSec", (int) ms);
      assertTrue(
          bps > 1e9, "flow 0 at " + ms + " ms, after the resume at " + resumedMs + ": " + bps);
    }
    assertEquals(0, r.get(2, "vm1.migratedAwayDrops"), "the destination took all after attaching");
    assertTrue(r.get(0, "vm0.migratedAwayDrops") > 0, "ACKs sent to the old host are lost");
  }

  /**
   * The migrating VM receives a stream: every frame its host's back-end writes lands in a buffer of
   * its receive ring, which the dirty log sees, so those pages go again in the next round at no
   * vCPU cost. With 512 receive buffers of 2 KiB, the ring is 256 pages.
   */
  @Test
  void shouldCopyTheReceiveRingAgainWhenTheVmsOwnIoDirtiesIt() {
    Map<String, String> p = star(true);
    p.put("migration.0.vm", "1"); // host 1's VM, the stream's receiver
    p.put("migration.0.to", "2");
    NetperfRun r = run(p, 30_000 * PS_PER_US);
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(0, r.result("migration.0.dirtyLogFaults"), "no vCPU write: no fault");
    assertEquals(256, r.result("migration.0.round.2.pages"), "the whole ring, dirtied in round 1");
    // each later round copies what the ring took during the one before, the last one paused
    long rounds = (long) r.result("migration.0.rounds");
    long again = 0;
    for (int k = 2; k <= rounds; k++) {
      again += (long) r.result("migration.0.round." + k + ".pages");
    }
    assertEquals(again, r.result("migration.0.ioDirtiedPages"), "logged once per round each");
  }

  /** Partitions change speed, never results: the VM apart from its host, the hosts apart. */
  @Test
  void shouldGiveIdenticalResultsWhenTheHostsAndTheVmRunInOtherPartitions() {
    Map<String, String> p = star(true);
    long endPs = 20_000 * PS_PER_US;
    NetperfRun one = NetperfRun.run(kit, p, 1, endPs);
    NetperfRun many = NetperfRun.run(kit, p, 3, PlacementStrategy.ROUND_ROBIN, endPs);
    assertEquals(NetperfRun.named(one.results()), NetperfRun.named(many.results()));
    assertEquals(one.checksum, many.checksum);
  }

  @Test
  void shouldRefuseAMigrationWhenTheVmDrivesItsOwnDevice() {
    Map<String, String> p = star(false);
    p.put("io.model", "sriov");
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertEquals("migration.0.vm", e.parameter());
    assertTrue(e.getMessage().contains("bonding"), e.getMessage());
  }

  /** Stream bytes as wire time at line rate: 1538 bytes on the wire per 1448 of TCP payload. */
  private static long wirePs(long payloadBytes) {
    long segments = (payloadBytes + 1447) / 1448;
    long wireBytes = payloadBytes + segments * (1538 - 1448);
    return wireBytes * 8 * (NetperfRun.PS_PER_SECOND / RATE_BITS_PER_SEC);
  }

  /**
   * A leaf-spine of 2 leaves with 2 hosts each and 2 spines; host 0's VM streams to host 2's (the
   * other rack) and moves to host 3, in host 2's rack.
   */
  private static Map<String, String> leafSpine() {
    Map<String, String> p = virtioVmsMigrating(3);
    p.put("fabric", "leaf-spine");
    p.put("leaves", "2");
    p.put("spines", "2");
    p.put("hostsPerLeaf", "2");
    p.put("pattern", "pairs");
    p.put("locality", "cross-rack");
    p.put("tcp.minRtoPs", Long.toString(5_000 * PS_PER_US));
    p.put("seriesIntervalPs", Long.toString(5_000 * PS_PER_US));
    return p;
  }

  /**
   * The network follows the VM across racks: its new host's RARP is flooded up from the new leaf
   * (one copy to each spine) and down from each spine to the old leaf (two copies), and every
   * switch learns the VM's way from it. The VM's stream goes on from its new rack, and the run is
   * the same on one partition and on two, with the racks on different partitions.
   */
  @Test
  void shouldFollowTheVmAcrossRacksWhenItMigratesOnALeafSpine() {
    long endPs = 30_000 * PS_PER_US;
    NetperfRun one = NetperfRun.cluster(kit, leafSpine(), 1, PlacementStrategy.CONTIGUOUS, endPs);
    assertEquals(1, one.result("migration.0.completed"));
    // entities: hosts 0..3, then leaf0, leaf1, spine0, spine1
    long[] announcements = {2, 1, 1, 1};
    for (int sw = 0; sw < 4; sw++) {
      Map<String, Long> m = one.entityMetrics.get(4 + sw);
      assertEquals(announcements[sw], m.get("announcements"), "switch " + sw);
      assertEquals(1, m.get("movedMacs"), "switch " + sw + " learned the VM's MAC");
    }
    assertTrue(
        one.entityMetrics.get(0).get("vm0.migratedAwayDrops") > 0,
        "frames in flight to the old host are lost there");
    // host 2's stream to the VM (flow 2) reaches it in its new rack once it resumed there
    long resumedPs = MIGRATE_AT_PS + (long) one.result("migration.0.totalPs");
    assertTrue(resumedPs < 25_000 * PS_PER_US, "resumed at " + resumedPs + " ps");
    double last = NetperfRun.series(one.results(), "flow2.goodputBitsPerSec", 5);
    assertTrue(last > 1e9, "flow 2 in the last 5 ms: " + last + " b/s");
    // and the VM's own stream (flow 0) goes on from there: its retransmission timer, due while
    // the VM was stopped, fires when it resumes (it used to be taken for a superseded wake, and
    // the stream, whose every ACK in flight was lost, stalled for good)
    double own = NetperfRun.series(one.results(), "flow0.goodputBitsPerSec", 5);
    assertTrue(own > 1e9, "flow 0 in the last 5 ms: " + own + " b/s");
    NetperfRun two = NetperfRun.cluster(kit, leafSpine(), 2, PlacementStrategy.BY_RACK, endPs);
    assertEquals(one.checksum, two.checksum);
    assertEquals(NetperfRun.named(one.results()), NetperfRun.named(two.results()));
  }
}
