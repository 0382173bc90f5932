package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.host.netperf.GuestSpec;
import io.vioemu.host.virt.IoModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VMs in entities of their own ({@link VmEntity}): every VM pays the VM-host latency wherever it
 * runs, so spreading VMs over partitions apart from their hosts changes nothing but speed.
 */
class VmApartTest {
  private static final long LINK_PS = 1_000_000;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("apart", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Map<String, String> stream(String model) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("messageBytes", "1024");
    p.put("io.model", model);
    p.put("io.vmsPerHost", "2");
    p.put("flowsPerHost", "2");
    p.put("warmupPs", "300000000");
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"emulation", "virtio", "xen", "passthrough", "sriov"})
  void shouldGiveIdenticalResultsWhenVmsRunApartFromTheirHosts(String model) {
    Map<String, String> p = stream(model);
    if (model.equals("passthrough") || model.equals("sriov")) {
      p.put("io.iommu", "strict");
    }
    long endPs = 1_200_000_000L;
    NetperfRun one = NetperfRun.run(kit, p, 1, endPs);
    assertEquals(2 + 1 + 4, one.model.entityCount(), "two hosts, the switch, four VMs");
    assertTrue(one.get(1, "flow0.measuredBytes") > 0, "traffic flowed");
    for (PlacementStrategy s : PlacementStrategy.values()) {
      for (int partitions = 2; partitions <= 3; partitions++) {
        NetperfRun other = NetperfRun.run(kit, p, partitions, s, endPs);
        String where = model + " on " + partitions + " partitions, " + s.configName();
        assertEquals(one.checksum, other.checksum, where);
        assertEquals(one.events, other.events, where);
        assertEquals(one.entityMetrics, other.entityMetrics, where);
        assertEquals(one.results(), other.results(), where);
      }
    }
  }

  @Test
  void shouldKeepVmsInTheirHostsEntityWhenTheyShareItsCoresOrTalkToItAtOnce() {
    Map<String, String> p = stream("virtio");
    NetperfStarModel apart = NetperfStarModel.fromParams(p);
    assertEquals(7, apart.entityCount());
    assertEquals(
        Long.parseLong(NetperfStarParams.IO_VM_HOST_LATENCY_PS.defaultValue()),
        apart.lookaheadPs());
    assertEquals(
        Long.parseLong(NetperfStarParams.IO_VM_HOST_LATENCY_PS.defaultValue()),
        apart.channelLatencyPs(0, 3));
    assertTrue(apart.guestEntity(3) && !apart.guestEntity(2));
    assertEquals(List.of(0, 3, 4, 1, 5, 6, 2), List.of(box(apart.placementOrder())));

    Map<String, String> shared = new HashMap<>(p);
    shared.put("io.hostCores", "2");
    assertEquals(3, NetperfStarModel.fromParams(shared).entityCount());

    Map<String, String> immediate = new HashMap<>(p);
    immediate.put("io.vmHostLatencyPs", "0");
    NetperfStarModel inHost = NetperfStarModel.fromParams(immediate);
    assertEquals(3, inHost.entityCount());
    assertTrue(inHost.lookaheadPs() >= LINK_PS, "the links set the lookahead again");
  }

  private static Integer[] box(int[] a) {
    Integer[] out = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** The round trip's shortest latency with the VM-host latency set to {@code latencyPs}. */
  private static long minRoundTripPs(long latencyPs) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "UDP_RR");
    p.put("io.model", "passthrough");
    p.put("io.interrupts", "posted");
    p.put("io.vmHostLatencyPs", "" + latencyPs);
    NetperfRun r = NetperfRun.run(kit, p, 1, 2_000_000_000L);
    return r.get(0, "flow0.latencyMinPs");
  }

  @Test
  void shouldAddTheLatencyFourTimesToARoundTripWhenBothGuestsDriveTheirDevices() {
    long immediate = minRoundTripPs(0);
    // each way: the doorbell reaches the NIC, then the received frame (and its interrupt) the VM
    assertEquals(4 * 250_000, minRoundTripPs(250_000) - immediate);
    assertEquals(4 * 600_000, minRoundTripPs(600_000) - immediate);
  }

  @Test
  void shouldNumberAVmsCoresAfterItsHostsAndAddEveryOtherCounter() {
    SortedMap<String, Long> host = new TreeMap<>();
    host.put("cpu.physicalCores", 1L);
    host.put("cpu.core0.busyUntilPs", 5L);
    host.put("rxInterrupts", 1L);
    SortedMap<String, Long> vm = new TreeMap<>();
    vm.put("cpu.physicalCores", 2L);
    vm.put("cpu.core0.busyUntilPs", 7L);
    vm.put("cpu.core1.idle0.fromPs", 3L);
    vm.put("rxInterrupts", 2L);
    vm.put("rxStackPackets", 4L);
    GuestSpec spec = new GuestSpec(1, IoModel.VIRTIO, List.of());
    VmLayout layout = new VmLayout(List.of(List.of(spec), List.of()), 3, true);

    SortedMap<String, Long> merged =
        layout.hostView(List.of(host, new TreeMap<>(), new TreeMap<>(), vm)).get(0);

    SortedMap<String, Long> expected = new TreeMap<>();
    expected.put("cpu.physicalCores", 3L);
    expected.put("cpu.core0.busyUntilPs", 5L);
    expected.put("cpu.core1.busyUntilPs", 7L);
    expected.put("cpu.core2.idle0.fromPs", 3L);
    expected.put("rxInterrupts", 3L);
    expected.put("rxStackPackets", 4L);
    assertEquals(expected, merged);
  }
}
