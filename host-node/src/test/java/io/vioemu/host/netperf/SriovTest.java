package io.vioemu.host.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
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
    assertTrue(jain >= 0.99, "fair shares: " + java.util.Arrays.toString(goodput));
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
}
