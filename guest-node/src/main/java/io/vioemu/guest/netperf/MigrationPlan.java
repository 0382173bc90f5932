package io.vioemu.guest.netperf;

import io.vioemu.guest.migration.MigrationSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live migrations of a run, as the schedule gives them: each one a TCP stream between a
 * hypervisor endpoint on the VM's host and one on the destination host ({@link MigrationStream}),
 * carrying flow id {@link #FLOW_BASE} + its index.
 */
record MigrationPlan(List<Spec> migrations) {
  /** Migration streams' flow ids start here, far above any netperf flow's. */
  static final int FLOW_BASE = 1 << 28;

  static final MigrationPlan NONE = new MigrationPlan(List.of());

  MigrationPlan {
    migrations = List.copyOf(migrations);
  }

  /**
   * One migration.
   *
   * @param index its number in the schedule's order: results are {@code migration.<index>.*}
   * @param vm the VM's number among all VMs, host by host
   * @param vmEntity the entity the VM runs in
   * @param fromHost the VM's host
   * @param fromGuest the VM's guest index there
   * @param toHost where it goes
   * @param toGuest its guest index there: a device side that waits for it from the start
   * @param atPs when the migration starts
   * @param postCopy post-copy (resume first, then fetch), else pre-copy
   * @param settings rounds, limits and costs
   * @param memoryPages the VM's memory
   * @param rxRingFrames the VM's receive ring: its 2 KiB buffers, at the top of its memory, are the
   *     pages its device writes
   * @param workingSetPages the pages the VM keeps rewriting (pre-copy) or touching (post-copy)
   * @param writesPerSec how often it writes (or touches) a page of that set
   * @param seed the stream of pages it writes
   */
  record Spec(
      int index,
      int vm,
      int vmEntity,
      int fromHost,
      int fromGuest,
      int toHost,
      int toGuest,
      long atPs,
      boolean postCopy,
      MigrationSettings settings,
      int memoryPages,
      int rxRingFrames,
      int workingSetPages,
      long writesPerSec,
      long seed) {
    int flowId() {
      return FLOW_BASE + index;
    }
  }

  /** By stream flow id. */
  Map<Integer, Spec> byFlow() {
    Map<Integer, Spec> out = new TreeMap<>();
    migrations.forEach(m -> out.put(m.flowId(), m));
    return out;
  }

  /** Where VMs arrive: {host, guest index there, the VM's number}, one per migration. */
  List<int[]> arrivals() {
    return migrations.stream().map(m -> new int[] {m.toHost(), m.toGuest(), m.vm()}).toList();
  }
}
