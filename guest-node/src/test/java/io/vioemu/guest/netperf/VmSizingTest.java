package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.host.netperf.NetperfSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** VM sizes: vCPUs per VM apart from a native OS's cores, and each VM's memory. */
class VmSizingTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("sizing", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** A virtio VM on host 0 streams to a bare-metal host 1; native OSes have two cores. */
  private static Map<String, String> params(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("test", "TCP_STREAM");
    p.put("cores", "2");
    p.put("io.model", "virtio");
    p.put("io.vmHosts", "clients");
    p.put("cost.txAppCyclesPerMessage", "100");
    p.put("cost.rxAppCyclesPerMessage", "100");
    p.put("cost.vhostPacketCycles", "1000");
    p.put("cost.txStackCyclesPerFrame", "1000");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void shouldRunTheVmOnOneVcpuWhenItHasFewerThanTheHostsCores() {
    NetperfRun r = NetperfRun.run(kit, params("io.vcpus", "1"), 1, 2_000_000_000L);
    // the VM: vCPU 0 does everything, then the back-end's host core
    assertTrue(r.get(0, "core0.applicationPs") > 0, "the application runs on the one vCPU");
    assertTrue(r.get(0, "core0.stackPs") > 0);
    assertEquals(0, r.get(0, "core1.applicationPs"), "core 1 is the back-end's");
    assertTrue(r.get(0, "core1.backendPs") > 0);
    assertFalse(r.metrics.get(0).containsKey("core2.busyPs"), "no third CPU");
    assertEquals(2, r.get(0, "cpu.physicalCores"));
    // the bare-metal receiver keeps its two cores: interrupts on 0, the application on 1
    assertTrue(r.get(1, "core1.applicationPs") > 0);
    assertEquals(0, r.get(1, "core0.applicationPs"));
  }

  @Test
  void shouldGiveTheVmTheHostsCoresWhenVcpusAreNotSet() {
    NetperfRun r = NetperfRun.run(kit, params(), 1, 2_000_000_000L);
    assertEquals(0, r.get(0, "core0.applicationPs"));
    assertTrue(r.get(0, "core1.applicationPs") > 0, "the application on the second vCPU");
    assertTrue(r.get(0, "core2.backendPs") > 0, "then the back-end's core");
    assertEquals(3, r.get(0, "cpu.physicalCores"));
    assertEquals(2, r.model.settings().vcpus());
  }

  @Test
  void shouldKeepTheVmMemorySizeWhenItIsGiven() {
    assertEquals(0, NetperfStarModel.fromParams(params()).settings().vmMemoryMiB(), "default");
    NetperfSettings s = NetperfStarModel.fromParams(params("io.vmMemoryMiB", "512")).settings();
    assertEquals(512, s.vmMemoryMiB());
    assertEquals(512 * 256, s.vmMemoryPages(), "4 KiB pages");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "io.vcpus, 0, io.vcpus must be within 1..2, was 0",
    "io.vcpus, 3, io.vcpus must be within 1..2, was 3",
    "io.vmMemoryMiB, 0, io.vmMemoryMiB must be within 6..65536, was 0",
    "io.vmMemoryMiB, 5, io.vmMemoryMiB must be within 6..65536, was 5",
    "io.vmMemoryMiB, 65537, io.vmMemoryMiB must be within 6..65536, was 65537",
    "seriesIntervalPs, 999999, seriesIntervalPs must be 0 (no series) or at least 1000000",
    "seriesIntervalPs, -1, seriesIntervalPs must be within 0..",
  })
  void shouldNameTheParameterWhenASizeIsOutOfRange(String name, String value, String message) {
    ModelParameterException e =
        assertThrows(
            ModelParameterException.class, () -> NetperfStarModel.fromParams(params(name, value)));
    assertEquals(name, e.parameter());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void shouldAskForRoomForTheRingsWhenTheyAreLarge() {
    // 512 transmit and 4,096 receive descriptors: 9 MiB of 2 KiB buffers, 18 MiB of bounce pages
    Map<String, String> p = params("rxRingFrames", "4096", "io.vmMemoryMiB", "26");
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> NetperfStarModel.fromParams(p));
    assertTrue(
        e.getMessage().startsWith("io.vmMemoryMiB must be within 27..65536"), e.getMessage());
    p.put("io.vmMemoryMiB", "27");
    assertEquals(27, NetperfStarModel.fromParams(p).settings().vmMemoryMiB());
  }
}
