package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SR-IOV VM under a bond with a virtio backup migrates (Zhai et al., OLS 2008): its VF is
 * hot-unplugged, the bond fails over to virtio, the VM migrates on virtio, a VF is hot-plugged at
 * the destination and the bond fails back, each step after the profile's delay (100 ms for the
 * failover, the hot-plug and the failback).
 */
class BondMigrationTest {
  private static final long PS_PER_US = 1_000_000;
  private static final long MIGRATE_AT_PS = 1_000 * PS_PER_US;
  private static final Map<String, String> PROFILE = ShippedProfile.costs("modern-x86-10gbe");
  private static final long UNPLUG_PS = cost("hotUnplugPs");
  private static final long FAILOVER_PS = cost("bondFailoverPs");
  private static final long HOTPLUG_PS = cost("hotPlugPs");
  private static final long FAILBACK_PS = cost("bondFailbackPs");

  /** The VM-host latency (io.vmHostLatencyPs): each hypervisor message reaches the VM after it. */
  private static final long LINK_PS = 250_000;

  /** After the failback (at ~313 ms: 1 + 100 + ~12 of migration + 100 + 100) and some VF time. */
  private static final long END_PS = 340_000 * PS_PER_US;

  /** After the stop-and-copy when the VF goes last (~11 ms of rounds + 100 ms of failover). */
  private static final long STALE_END_PS = 140_000 * PS_PER_US;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("bond", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Three hosts with an SR-IOV VM each, bonded; host 0's VM streams to host 1's and migrates. */
  private static Map<String, String> star(String vfUnplug, boolean trackDmaWrites) {
    Map<String, String> p = new HashMap<>(PROFILE);
    p.put("hosts", "3");
    p.put("senders", "1");
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.bond", "virtio");
    p.put("cores", "2");
    p.put("io.vcpus", "1");
    p.put("io.vmMemoryMiB", "8");
    p.put("warmupPs", Long.toString(500 * PS_PER_US));
    p.put("migration.0.atPs", Long.toString(MIGRATE_AT_PS));
    p.put("migration.0.vm", "0");
    p.put("migration.0.to", "2");
    p.put("migration.0.vfUnplug", vfUnplug);
    p.put("migration.0.trackDmaWrites", Boolean.toString(trackDmaWrites));
    return p;
  }

  private static long at(NetperfRun r, String key) {
    return (long) r.result(key);
  }

  private static NetperfRun run(Map<String, String> p, long endPs) {
    return NetperfRun.run(kit, p, 1, endPs);
  }

  private static long cost(String name) {
    return Long.parseLong(PROFILE.get("cost." + name));
  }

  /**
   * Zhai's order: the VF goes first; the VM loses it a VM-host message after the request, and its
   * bond takes the backup exactly the failover delay later. The rounds begin once both the unplug
   * (10 ms) and the failover (100 ms) are done. The tenant's stream goes on over virtio through the
   * migration and returns to a VF after the failback, which comes the failback delay after the new
   * VF's mailbox bring-up, itself after the hot-plug delay past the resume. No VF DMA happens while
   * the log runs (the VF left before it started), so no page is stale.
   */
  @Test
  void shouldFailOverForTheProfileDelayAndFailBackToTheVfWhenTheVfGoesFirst() {
    NetperfRun r = run(star("first", false), END_PS);
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(FAILOVER_PS, r.result("migration.0.failoverGapPs"));
    assertEquals(MIGRATE_AT_PS, r.result("migration.0.unplugRequestedAtPs"));
    assertEquals(
        MIGRATE_AT_PS + Math.max(UNPLUG_PS, FAILOVER_PS), r.result("migration.0.unplugDoneAtPs"));
    assertEquals(MIGRATE_AT_PS + LINK_PS, r.result("migration.0.unplugAtPs"));
    // the pre-copy model starts when the unplug is done
    long resumed = at(r, "migration.0.unplugDoneAtPs") + at(r, "migration.0.totalPs");
    long hotplug = at(r, "migration.0.hotplugAtPs");
    assertEquals(resumed + HOTPLUG_PS + LINK_PS, hotplug);
    long vfUp = at(r, "migration.0.vfUpAtPs");
    assertTrue(vfUp > hotplug, "the VF's mailbox bring-up takes time");
    assertEquals(vfUp + FAILBACK_PS, r.result("migration.0.failbackAtPs"));
    assertTrue(r.result("migration.0.bond.backupTxBytes") > 0, "the stream went on over virtio");
    assertTrue(
        r.result("migration.0.bond.vfTxBytesAfterFailback") > 0, "and back on a VF afterwards");
    assertEquals(0, r.result("migration.0.staleDmaPages"));
    assertEquals(8 * 256, r.result("migration.0.iommuPagesUnmapped"));
    assertEquals(8 * 256, r.result("migration.0.iommuPagesMapped"));
  }

  /**
   * The VF stays through the rounds and its receive DMA writes its ring (the top 256 pages of the
   * VM's memory: 512 buffers of 2 KiB) while the log runs: untracked, every ring page it wrote
   * after its first copy is stale at the destination.
   */
  @Test
  void shouldReportStaleDmaPagesWhenTheVfWritesUntrackedDuringTheRounds() {
    NetperfRun r = run(star("last", false), STALE_END_PS);
    assertEquals(1, r.result("migration.0.completed"));
    long stale = at(r, "migration.0.staleDmaPages");
    assertTrue(stale > 0 && stale <= 256, "stale pages " + stale);
    assertEquals(FAILOVER_PS, r.result("migration.0.failoverGapPs"));
  }

  /** The same with the VF's DMA writes in the dirty log: they go again, none is stale. */
  @Test
  void shouldReportNoStaleDmaPagesWhenTheVfWritesAreTracked() {
    NetperfRun r = run(star("last", true), STALE_END_PS);
    assertEquals(1, r.result("migration.0.completed"));
    assertEquals(0, r.result("migration.0.staleDmaPages"));
  }
}
