package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SR-IOV: virtual functions share one port fairly; VM-to-VM traffic stays inside the NIC. */
class SriovTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("sriov", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @ParameterizedTest(name = "{0} VMs")
  @ValueSource(ints = {1, 8, 64})
  void shouldSplitThePortFairlyWhenVmsShareOneVirtualFunctionEach(int vms) {
    long end = 30_000_000_000L;
    long warmup = 10_000_000_000L;
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.vmHosts", "clients");
    p.put("io.vmsPerHost", "" + vms);
    p.put("flowsPerHost", "" + vms);
    p.put("warmupPs", "" + warmup);
    NetperfRun r = NetperfRun.run(kit, p, 1, end);
    double[] goodput = new double[vms];
    double total = 0;
    for (int f = 0; f < vms; f++) {
      goodput[f] = r.goodputBitsPerSec(1, f, warmup);
      total += goodput[f];
    }
    double jain = NetperfResults.jain(toLongs(goodput));
    System.out.printf("SR-IOV %d VMs: total %.3f Gb/s, Jain %.4f%n", vms, total / 1e9, jain);
    assertEquals(1448.0 / 1538 * 10e9, total, 10e9 * 0.01, "the port stays full");
    assertTrue(jain >= 0.99, "fair shares: " + Arrays.toString(goodput));
  }

  @Test
  void shouldCapGoodputAtThePcieLinkAndShareItFairlyWhenPcieIsSlowerThanTheWire() {
    long end = 20_000_000_000L;
    long warmup = 5_000_000_000L;
    long pcie = 4_000_000_000L;
    int vms = 4;
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.vmHosts", "clients");
    p.put("io.vmsPerHost", "" + vms);
    p.put("flowsPerHost", "" + vms);
    p.put("warmupPs", "" + warmup);
    p.put("io.pcieBitsPerSec", "" + pcie);
    NetperfRun r = NetperfRun.run(kit, p, 1, end);
    double[] goodput = new double[vms];
    double total = 0;
    for (int f = 0; f < vms; f++) {
      goodput[f] = r.goodputBitsPerSec(1, f, warmup);
      total += goodput[f];
    }
    // each 1448-byte segment crosses as a 1514-byte frame in six 256-byte TLPs of 24 bytes
    // overhead, plus descriptors: no more than this share of the link can be TCP payload
    double bound = pcie * 1448.0 / (1514 + 6 * 24);
    double jain = NetperfResults.jain(toLongs(goodput));
    System.out.printf(
        "SR-IOV %d VMs over a %.1f Gb/s PCIe link: total %.3f Gb/s (payload bound %.3f), Jain"
            + " %.4f, %d frames dropped in the NIC's buffer%n",
        vms, pcie / 1e9, total / 1e9, bound / 1e9, jain, r.get(1, "pcie.rxBufferDrops"));
    assertTrue(total < bound, "PCIe caps the goodput: " + total);
    assertTrue(total > 0.85 * bound, "and the link stays busy: " + total);
    assertTrue(jain >= 0.99, "fair shares: " + Arrays.toString(goodput));
  }

  @ParameterizedTest(name = "{0} VMs")
  @ValueSource(ints = {1, 3})
  void shouldSendTwoMailboxMessagesPerVmWhenVirtualFunctionsComeUp(int vms) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.vmHosts", "clients");
    p.put("io.vmsPerHost", "" + vms);
    p.put("flowsPerHost", "" + vms);
    NetperfRun r = NetperfRun.run(kit, p, 1, 1_000_000_000L);
    long clockHz = Long.parseLong(p.get("cost.clockHz"));
    System.out.printf(
        "%d VFs up: %d mailbox messages, %d PF cycles (%.1f us of its core)%n",
        vms,
        r.get(0, "sriov.mailboxMessages"),
        r.get(0, "sriov.mailboxPfCycles"),
        r.get(0, "pfCore.mailboxPs") / 1e6);
    assertEquals(2L * vms, r.get(0, "sriov.mailboxMessages"), "reset and set-MAC per VF");
    assertTrue(r.get(0, "pfCore.mailboxPs") > 0, "the PF driver's work has a component of its own");
    assertTrue(
        r.get(0, "sriov.mailboxPfCycles")
            >= r.get(0, "pfCore.mailboxPs") * clockHz / 1_000_000_000_000L,
        "interrupts and mailbox work on the PF's core");
    assertFalse(r.metrics.get(1).containsKey("sriov.mailboxMessages"), "bare metal has no VFs");
  }

  @Test
  void shouldLowerTheSharedIotlbsHitRateWhenMoreVirtualFunctionsUseIt() {
    double one = iotlbHitRate(1);
    double eight = iotlbHitRate(8);
    System.out.printf(
        "one IOMMU per host, 64-entry IOTLB, persistent: hit rate %.3f (1 VM), %.3f (8 VMs)%n",
        one, eight);
    assertTrue(eight < one, "VFs evict each other's translations: " + one + " vs " + eight);
  }

  private static double iotlbHitRate(int vms) {
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.vmHosts", "clients");
    p.put("io.vmsPerHost", "" + vms);
    p.put("flowsPerHost", "" + vms);
    p.put("io.iommu", "persistent");
    p.put("io.iotlbEntries", "64");
    NetperfRun r = NetperfRun.run(kit, p, 1, 5_000_000_000L);
    double hits = r.get(0, "iommu.iotlbHits");
    return hits / (hits + r.get(0, "iommu.iotlbMisses"));
  }

  private static long[] toLongs(double[] x) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (long) x[i];
    }
    return out;
  }

  @Test
  void shouldCarryVmToVmTrafficThroughTheEmbeddedSwitchWhenBothVmsShareAHost() {
    long end = 5_000_000_000L;
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("io.model", "sriov");
    p.put("io.vmsPerHost", "2");
    p.put("pairing", "local");
    NetperfRun r = NetperfRun.run(kit, p, 1, end);
    long switched = r.get(0, "embeddedSwitchFrames");
    long read = r.get(0, "flow0.server.bytesRead");
    System.out.printf(
        "VM to VM: %d frames through the NIC's switch, %d bytes read%n", switched, read);
    assertTrue(read > 1_000_000, "data flowed between the VMs: " + read);
    assertTrue(switched > read / 1448, "every data frame crossed the embedded switch");
    assertEquals(0, r.get(0, "txFrames"), "nothing went out on the wire");
    assertEquals(0, r.get(2, "port0.txFrames") + r.get(2, "port1.txFrames"), "the switch saw none");
    // the embedded switch (32 Gb/s PCIe) is faster than the wire: more than 10GbE's goodput
    assertTrue(read * 8.0 * 1e12 / end > 9.5e9, "faster than the wire: " + read);
  }

  @Test
  void shouldTimeShareHostCoresWhenVcpusOutnumberThem() {
    long end = 10_000_000_000L;
    long warmup = 2_000_000_000L;
    Shared own = sharedCores(0, end, warmup);
    Shared one = sharedCores(1, end, warmup);
    System.out.printf(
        "8 VMs, 256-byte messages: %.3f Gb/s on a core per vCPU (%.2f cores busy), %.3f on one"
            + " shared core (busy %.3f)%n",
        own.total / 1e9, own.busy, one.total / 1e9, one.busy);
    assertTrue(own.busy > 2, "the VMs want more than one core: " + own.busy);
    // work booked before the end may finish just after it: a core is never busier than 1.01
    assertTrue(one.busy > 0.97 && one.busy < 1.01, "one core, saturated: " + one.busy);
    assertTrue(one.total > 0, "and still moving data");
  }

  private record Shared(double total, double busy) {}

  /** The VMs' goodput and how many cores' worth of time their CPUs were busy. */
  private static Shared sharedCores(int hostCores, long end, long warmup) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("messageBytes", "256");
    p.put("io.model", "sriov");
    p.put("io.vmHosts", "clients");
    p.put("io.vmsPerHost", "8");
    p.put("flowsPerHost", "8");
    p.put("io.hostCores", "" + hostCores);
    p.put("nic.gro", "true");
    p.put("warmupPs", "" + warmup);
    NetperfRun r = NetperfRun.run(kit, p, 1, end);
    double total = 0;
    double busyPs = 0;
    for (int f = 0; f < 8; f++) {
      total += r.goodputBitsPerSec(1, f, warmup);
      busyPs += hostCores == 0 ? r.get(0, "vm" + f + ".core0.busyPs") : 0;
    }
    if (hostCores > 0) {
      busyPs = r.get(0, "pcpu0.busyPs");
    }
    return new Shared(total, busyPs / end);
  }
}
