package io.vioemu.host.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.memory.DamageReport;
import io.vioemu.host.memory.DmaEngine;
import io.vioemu.host.memory.DmaLog;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaRecord;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.MemorySnapshot;
import io.vioemu.host.memory.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Same operations, same results: counters, logs and every page's state. */
class DeterminismTest {

  /** Everything a run can be observed by. */
  record Observed(
      IommuCounters iommu,
      List<DmaCounters> mappers,
      List<DmaRecord> records,
      Map<DmaOutcome, Long> outcomes,
      DamageReport damage,
      List<IommuFault> faults,
      MemorySnapshot memory) {}

  /**
   * Three VMs, each with a device under a different strategy, plus a device with no context; a
   * seeded mix of proper DMAs, DMAs into just-unmapped buffers and DMAs to arbitrary addresses.
   */
  private static Observed run(long seed) {
    HostMemory memory = new HostMemory(2048, 64);
    IommuModel iommu = new IommuModel(new IommuSettings(32, 4, 64, 8), TestHost.COSTS);
    DmaEngine engine = new DmaEngine(memory, iommu, new DmaLog(10_000));
    List<DmaMapper> mappers = new ArrayList<>();
    for (int vm = 1; vm <= 3; vm++) {
      GuestMemory g = GuestMemory.allocate(memory, Owner.vm(vm), 512);
      iommu.attach(vm, vm);
      engine.assign(vm, g.owner());
      DmaStrategy s =
          List.of(DmaStrategy.STRICT, DmaStrategy.DEFERRED, DmaStrategy.PERSISTENT).get(vm - 1);
      mappers.add(
          DmaMapper.create(new DmaMapperSettings(s, 8, 2_000_000, 16, 4, 1, 250), g, iommu, vm));
    }
    engine.assign(9, Owner.vm(1)); // never attached: NO_CONTEXT

    SplittableRandom rnd = new SplittableRandom(seed);
    long now = 0;
    DmaMapping[] lastUnmapped = new DmaMapping[3];
    for (int i = 0; i < 1_000; i++) {
      now += rnd.nextLong(10_000);
      int d = rnd.nextInt(3);
      DmaMapper mapper = mappers.get(d);
      mapper.poll(now);
      int op = rnd.nextInt(10);
      int bytes = 1 + rnd.nextInt(9000);
      if (op < 6) {
        DmaMapping m = mapper.map(rnd.nextLong(500) << 12, bytes, DmaDirection.FROM_DEVICE, now);
        engine.write(d + 1, m.deviceAddress(), bytes, now);
        mapper.unmap(m, now);
        lastUnmapped[d] = m;
      } else if (op < 8 && lastUnmapped[d] != null) {
        engine.write(d + 1, lastUnmapped[d].deviceAddress(), 64, now);
      } else if (op < 9) {
        engine.write(d + 1, rnd.nextLong(4096) << 12, 64, now);
      } else {
        engine.read(9, rnd.nextLong(2048) << 12, 64, now);
      }
    }
    return new Observed(
        iommu.counters(),
        mappers.stream().map(DmaMapper::counters).toList(),
        engine.log().records(),
        engine.log().counts(),
        engine.log().damage(),
        iommu.faultLog().recorded(),
        memory.snapshot());
  }

  @Test
  void shouldProduceIdenticalCountersLogsAndMemoryWhenTheSameSequenceRunsTwice() {
    Observed a = run(7);
    Observed b = run(7);

    assertEquals(a, b);
    assertEquals(a.records().toString(), b.records().toString());
    // the comparison covers real activity of every kind
    assertTrue(a.iommu().totalFaults() > 0);
    assertTrue(a.iommu().staleTranslations() > 0);
    assertTrue(a.iommu().iotlbHits() > 0);
    assertTrue(a.mappers().get(1).globalInvalidations() > 0);
    assertTrue(a.outcomes().get(DmaOutcome.OK) > 0);
  }

  @Test
  void shouldDifferWhenTheSequenceDiffers() {
    assertNotEquals(run(7), run(8));
  }
}
