package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pass-through VM receiving a TCP stream turns its NIC against the host at 1 ms. Nothing in the
 * model knows what the attack should achieve: the outcome is the IOMMU strategy's.
 */
class DmaAttackRunTest {
  private static final long END_PS = 3_000_000_000L;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("attack", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Map<String, String> params(String model, String strategy, String attack) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.model", model);
    p.put("io.vmHosts", "servers"); // the VM receives: its driver unmaps buffers all the time
    p.put("io.iommu", strategy);
    p.put("io.attack", attack);
    p.put("io.attackPs", "1000000000");
    return p;
  }

  private static SortedMap<String, String> results(String strategy, String attack) {
    Map<String, String> p = params("passthrough", strategy, attack);
    NetperfRun r = NetperfRun.run(kit, p, 1, END_PS);
    SortedMap<String, String> out =
        NetperfRun.named(NetperfStarModel.fromParams(p).results(r.entityMetrics, END_PS));
    System.out.printf(
        "%-22s %-10s hostCompromised %s, foreignPagesWritten %s, iommuFaults %s, attackBlocked %s"
            + " (attack DMAs %s, reached target %s)%n",
        attack,
        strategy,
        out.get("hostCompromised"),
        out.get("foreignPagesWritten"),
        out.get("iommuFaults"),
        out.get("attackBlocked"),
        out.get("attackDmas"),
        out.get("attackReachedTarget"));
    return out;
  }

  private static long get(SortedMap<String, String> results, String key) {
    return Long.parseLong(results.get(key));
  }

  @Test
  void shouldCompromiseTheHostWhenTheVmOverwritesTheHypervisorWithoutAnIommu() {
    SortedMap<String, String> r = results("off", "overwrite-hypervisor");

    assertEquals(1, get(r, "hostCompromised"));
    assertEquals(0, get(r, "attackBlocked"));
    assertEquals(1, get(r, "attackReachedTarget"));
    assertTrue(get(r, "foreignPagesWritten") >= 1);
    assertEquals(0, get(r, "iommuFaults"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "deferred", "direct", "persistent", "copy", "optimistic"})
  void shouldBlockAndLogTheOverwriteWhenTheIommuIsOn(String strategy) {
    SortedMap<String, String> r = results(strategy, "overwrite-hypervisor");

    assertEquals(0, get(r, "hostCompromised"));
    assertEquals(1, get(r, "attackBlocked"));
    assertEquals(0, get(r, "attackReachedTarget"));
    assertEquals(0, get(r, "foreignPagesWritten"));
    assertEquals(1, get(r, "iommuFaults"), "the attack's one page, and no other fault");
    assertTrue(Long.parseLong(r.get("goodputBitsPerSec")) > 1_000_000_000L, "traffic goes on");
  }

  @Test
  void shouldFaultTheStaleBufferWriteWhenStrict() {
    SortedMap<String, String> r = results("strict", "stale-buffer");

    assertEquals(1, get(r, "attackDmas"));
    assertEquals(1, get(r, "attackBlocked"));
    assertEquals(1, get(r, "iommuFaults"));
    assertEquals(0, get(r, "hostCompromised"));
  }

  /**
   * Deferred keeps the unmapped buffer reachable only through a cached translation, and the device
   * wrote its packet when the frame arrived, a ring's worth of other translations before the driver
   * unmapped it: by then the 64-entry IOTLB no longer holds the entry (or a flush took it), so the
   * stale write walks the page table and faults. Either way it never leaves the VM.
   */
  @Test
  void shouldLetTheStaleBufferWriteThroughOnlyWhileTheIotlbStillCachesItWhenDeferred() {
    SortedMap<String, String> r = results("deferred", "stale-buffer");

    assertEquals(1, get(r, "attackDmas"));
    assertEquals(1, get(r, "attackBlocked") + get(r, "attackReachedTarget"));
    assertEquals(0, get(r, "hostCompromised"), "it stays inside the VM's own memory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"direct", "persistent", "optimistic"})
  void shouldLetTheStaleBufferWriteReachTheFreedBufferWhenMappingsOutliveTheUnmap(String strategy) {
    SortedMap<String, String> r = results(strategy, "stale-buffer");

    assertEquals(1, get(r, "attackDmas"));
    assertEquals(0, get(r, "attackBlocked"));
    assertEquals(1, get(r, "attackReachedTarget"), "the buffer the driver just gave up");
    assertEquals(0, get(r, "iommuFaults"));
    assertEquals(0, get(r, "hostCompromised"), "it stays inside the VM's own memory");
  }

  @Test
  void shouldSendTheStaleBufferWriteIntoABounceBufferWhenCopy() {
    SortedMap<String, String> r = results("copy", "stale-buffer");

    assertEquals(1, get(r, "attackDmas"));
    assertEquals(0, get(r, "attackBlocked"));
    assertEquals(0, get(r, "attackReachedTarget"), "the freed buffer never was the device's");
    assertEquals(0, get(r, "hostCompromised"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "strict"})
  void shouldLetTheFirstOfSeveralSriovVmsAttackWithTheOutcomeItsIommuGives(String strategy) {
    Map<String, String> p = params("sriov", strategy, "overwrite-hypervisor");
    p.put("io.vmsPerHost", "2");
    p.put("flowsPerHost", "2");
    NetperfRun r = NetperfRun.run(kit, p, 1, END_PS);
    SortedMap<String, String> out =
        NetperfRun.named(NetperfStarModel.fromParams(p).results(r.entityMetrics, END_PS));
    boolean iommu = !strategy.equals("off");

    assertEquals(iommu ? 0 : 1, get(out, "hostCompromised"));
    assertEquals(iommu ? 1 : 0, get(out, "attackBlocked"));
    assertEquals(1, r.get(1, "attack.dmas"), "the VM host is the receiver, host 1");
    assertEquals(iommu ? 1 : 0, r.get(1, "vm0.iommu.faults"), "the first VM's VF faulted");
    assertEquals(0, r.get(1, "vm1.iommu.faults"));
  }

  @Test
  void shouldReportNoAttackResultWhenNoAttackIsConfigured() {
    SortedMap<String, String> r = results("strict", "none");

    assertEquals(0, get(r, "hostCompromised"));
    assertEquals(0, get(r, "iommuFaults"));
    assertTrue(!r.containsKey("attackBlocked"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bare-metal", "emulation", "virtio", "xen"})
  void shouldRejectAnAttackWhenNoGuestDrivesItsOwnDevice(String model) {
    ModelParameterException e =
        assertThrows(
            ModelParameterException.class,
            () -> NetperfStarModel.fromParams(params(model, "off", "stale-buffer")));
    assertTrue(e.getMessage().contains("io.attack"), e.getMessage());
  }

  @Test
  void shouldRejectAnAttackWhenNoHostRunsVms() {
    Map<String, String> p = params("sriov", "strict", "overwrite-hypervisor");
    p.put("senders", "2"); // both hosts send: io.vmHosts servers selects none

    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertTrue(e.getMessage().contains("io.attack"), e.getMessage());
  }
}
