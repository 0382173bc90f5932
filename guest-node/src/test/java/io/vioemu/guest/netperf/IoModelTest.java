package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.host.virt.IoModel;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four I/O models against bare metal, with the shipped modern profile: a one-vCPU VM streams
 * small messages over TCP to a bare-metal peer through a 10GbE switch. Nothing here sets a cost;
 * the ordering has to come out of the profile's per-operation costs.
 */
class IoModelTest {
  private static final long END_PS = 20_000_000_000L;
  private static final long WARMUP_PS = 5_000_000_000L;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("io", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  record Outcome(
      double goodputBitsPerSec,
      double cyclesPerByte,
      double exitsPerSec,
      double interruptsPerSec) {}

  static Outcome run(IoModel model, String profile, int messageBytes, Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs(profile));
    p.put("test", "TCP_STREAM");
    p.put("messageBytes", "" + messageBytes);
    p.put("warmupPs", "" + WARMUP_PS);
    p.put("io.model", model.paramName());
    p.put("io.vmHosts", "clients");
    p.putAll(extra);
    NetperfRun r = NetperfRun.run(kit, p, 1, END_PS);
    double goodput = r.goodputBitsPerSec(1, 0, WARMUP_PS);
    long busyPs = 0;
    for (int c = 0; r.metrics.get(0).containsKey("core" + c + ".busyPs"); c++) {
      busyPs += r.get(0, "core" + c + ".busyPs");
    }
    long clockHz = Long.parseLong(p.get("cost.clockHz"));
    double cycles = busyPs / 1e12 * clockHz;
    double bytes = r.get(0, "flow0.bytesAcked");
    double seconds = END_PS / 1e12;
    boolean vm = model.virtualized();
    double exits = vm ? r.get(0, "vm.exits") / seconds : 0;
    double interrupts =
        vm
            ? (r.get(0, "vm.injectedInterrupts") + r.get(0, "vm.postedInterrupts")) / seconds
            : r.get(0, "rxInterrupts") / seconds;
    Outcome o = new Outcome(goodput, cycles / bytes, exits, interrupts);
    System.out.printf(
        "%-12s %s %5d B: %.3f Gb/s, %.3f cycles/B, %.0f exits/s, %.0f interrupts/s%n",
        model.paramName(),
        profile,
        messageBytes,
        goodput / 1e9,
        o.cyclesPerByte(),
        exits,
        interrupts);
    return o;
  }

  @Test
  void shouldOrderTheIoModelsWhenSmallMessagesStreamAt10GbE() {
    Map<IoModel, Outcome> o = new EnumMap<>(IoModel.class);
    for (IoModel m :
        new IoModel[] {
          IoModel.BARE_METAL, IoModel.PASSTHROUGH, IoModel.VIRTIO, IoModel.EMULATION
        }) {
      o.put(m, run(m, "modern-x86-10gbe", 256, Map.of()));
    }
    double bare = o.get(IoModel.BARE_METAL).goodputBitsPerSec();
    double pt = o.get(IoModel.PASSTHROUGH).goodputBitsPerSec();
    double pv = o.get(IoModel.VIRTIO).goodputBitsPerSec();
    double emu = o.get(IoModel.EMULATION).goodputBitsPerSec();
    assertTrue(emu < pv && pv < pt && pt <= bare, "throughput " + o);
    double bareC = o.get(IoModel.BARE_METAL).cyclesPerByte();
    double ptC = o.get(IoModel.PASSTHROUGH).cyclesPerByte();
    double pvC = o.get(IoModel.VIRTIO).cyclesPerByte();
    double emuC = o.get(IoModel.EMULATION).cyclesPerByte();
    assertTrue(emuC > pvC && pvC > ptC && ptC >= bareC, "cycles per byte " + o);
    assertEquals(0, o.get(IoModel.BARE_METAL).exitsPerSec());
    // per byte moved, trapping every register access costs more exits than batched notifications
    assertTrue(
        exitsPerGigabit(o.get(IoModel.EMULATION)) > exitsPerGigabit(o.get(IoModel.VIRTIO)),
        "exits " + o);
    assertTrue(o.get(IoModel.VIRTIO).exitsPerSec() > 0);
    assertTrue(o.get(IoModel.PASSTHROUGH).interruptsPerSec() > 0);
  }

  private static double exitsPerGigabit(Outcome o) {
    return o.exitsPerSec() / (o.goodputBitsPerSec() / 1e9);
  }

  @Test
  void shouldTakeNoInterruptExitsWhenPassThroughInterruptsArePosted() {
    Outcome exits =
        run(IoModel.PASSTHROUGH, "modern-x86-10gbe", 256, Map.of("io.interrupts", "exits"));
    Outcome posted =
        run(IoModel.PASSTHROUGH, "modern-x86-10gbe", 256, Map.of("io.interrupts", "posted"));
    assertTrue(exits.exitsPerSec() > 0);
    assertEquals(0, posted.exitsPerSec());
    assertTrue(posted.goodputBitsPerSec() >= exits.goodputBitsPerSec());
  }

  @Test
  void shouldChargeCpuPerDmaWhenStrictAndNoneWhenDirect() {
    Map<String, Long> strict = iommuRun("strict");
    Map<String, Long> direct = iommuRun("direct");
    Map<String, Long> off = iommuRun("off");
    long dmas = strict.get("iommu.dmas");
    assertTrue(dmas > 1_000, "DMAs happened: " + dmas);
    // strict: a map, an unmap and a page-selective invalidation per DMA, on the driver's core
    double perDma = (double) strict.get("iommu.dmaApiCycles") / strict.get("iommu.unmaps");
    System.out.printf(
        "strict: %.0f DMA API cycles per DMA; IOTLB %d hits, %d misses%n",
        perDma, strict.get("iommu.iotlbHits"), strict.get("iommu.iotlbMisses"));
    assertTrue(perDma >= 1000 + 700 + 2700, "map + unmap + invalidation: " + perDma);
    assertTrue(strict.get("core0.iommuPs") > 0);
    assertEquals(0, direct.get("core0.iommuPs"), "direct: nothing per DMA");
    assertEquals(0, off.get("core0.iommuPs"));
    assertEquals(
        strict.get("iommu.unmaps"),
        strict.get("iommu.pageInvalidations"),
        "every unmap invalidates at once");
    assertEquals(
        strict.get("iommu.unmaps") + 512,
        strict.get("iommu.maps"),
        "the receive ring's 512 buffers stay mapped, waiting for packets");
    assertTrue(
        direct.get("iommu.iotlbHits") + direct.get("iommu.iotlbMisses") > 0,
        "IOTLB lookups are counted");
    assertEquals(0, strict.get("iommu.faults"));
  }

  private static Map<String, Long> iommuRun(String strategy) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.iommu", strategy);
    NetperfRun r = NetperfRun.run(kit, p, 1, 5_000_000_000L);
    return r.metrics.get(0);
  }

  @Test
  void shouldLosePacketsAndCompromiseTheHostWhenPassThroughRunsWithoutAnIommu() {
    Map<String, Long> off = passThrough("off");
    Map<String, Long> strict = passThrough("strict");
    System.out.printf(
        "pass-through without IOMMU: %d stray DMAs, %d foreign pages written, compromised %d,"
            + " %d packets lost; with strict: %d stray%n",
        off.get("dma.foreign"),
        off.get("dma.foreignPagesWritten"),
        off.get("dma.hostCompromised"),
        off.get("dmaLostPackets"),
        strict.get("dma.foreign"));
    // the guest programs guest-physical addresses; without translation they are host pages that
    // belong to the hypervisor (below the VM's memory): received packets overwrite them
    assertTrue(off.get("dma.foreign") > 0);
    assertTrue(off.get("dma.foreignPagesWritten") > 0);
    assertEquals(1, off.get("dma.hostCompromised"));
    assertTrue(off.get("dmaLostPackets") > 0);
    assertEquals(0, off.get("flow0.bytesRead"), "nothing reaches the VM's application");
    assertEquals(0, strict.get("dma.foreign"));
    assertEquals(0, strict.get("dma.blocked"));
    assertEquals(0, strict.get("dma.hostCompromised"));
    assertEquals(0, strict.get("dmaLostPackets"));
    assertTrue(strict.get("flow0.bytesRead") > 1_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "strict"})
  void shouldLandXenNicDmaInDriverDomainPagesAndGrantCopyItToTheGuest(String strategy) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.model", "xen");
    p.put("io.vmHosts", "servers");
    p.put("io.iommu", strategy);
    Map<String, Long> vm = NetperfRun.run(kit, p, 1, 5_000_000_000L).metrics.get(1);
    System.out.printf(
        "xen, %s: %d NIC DMAs checked against page owners, %d foreign, %d grant copies (%d"
            + " refused)%n",
        strategy,
        vm.get("dma.transfers"),
        vm.get("dma.foreign"),
        vm.get("xen.grantCopies"),
        vm.get("xen.grantCopiesRefused"));
    assertTrue(vm.get("dma.transfers") > 1_000, "the NIC's DMAs are checked");
    assertEquals(0, vm.get("dma.foreign"), "they land in the driver domain's own pages");
    assertEquals(0, vm.get("dma.blocked"));
    assertEquals(0, vm.get("iommu.faults"));
    assertTrue(vm.get("xen.grantCopies") > 1_000, "data reaches the guest by grant copy");
    assertEquals(0, vm.get("xen.grantCopiesRefused"));
    assertTrue(vm.get("flow0.bytesRead") > 1_000_000);
  }

  private static Map<String, Long> passThrough(String strategy) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("io.model", "passthrough");
    p.put("io.vmHosts", "servers"); // the VM receives: its NIC writes into memory
    p.put("io.iommu", strategy);
    return NetperfRun.run(kit, p, 1, 5_000_000_000L).metrics.get(1);
  }
}
