package io.vioemu.guest.netperf;

import io.vioemu.guest.migration.MigrationSettings;
import io.vioemu.host.virt.IoModel;
import java.util.ArrayList;
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
   * @param bond the VM's bond, or null
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
      long seed,
      Bond bond) {
    int flowId() {
      return FLOW_BASE + index;
    }

    /** The guest index, at the source, of the device side the VM uses when it stops there. */
    int stopsOn() {
      return bond == null ? fromGuest : bond.sourceBackup();
    }
  }

  /**
   * A VM that drives its own NIC under a bond with a virtio backup (Zhai et al., OLS 2008): it
   * leaves its VF for the backup before it migrates, arrives on virtio and takes a new VF at the
   * destination.
   *
   * @param sourceVf the VF's guest index at the source (the VM's own)
   * @param sourceBackup the virtio backup's guest index at the source
   * @param toVf the new VF's guest index at the destination (after the virtio side it arrives on)
   * @param unplugFirst the VF goes before the pre-copy rounds (Zhai's order), else after them
   * @param trackDmaWrites the dirty log sees the VF's DMA writes
   * @param assigned the VF's model: SR-IOV or pass-through
   */
  record Bond(
      int sourceVf,
      int sourceBackup,
      int toVf,
      boolean unplugFirst,
      boolean trackDmaWrites,
      IoModel assigned) {}

  /** By stream flow id. */
  Map<Integer, Spec> byFlow() {
    Map<Integer, Spec> out = new TreeMap<>();
    migrations.forEach(m -> out.put(m.flowId(), m));
    return out;
  }

  /**
   * The device sides a VM takes over while it runs: {host, guest index there, the VM's number}: per
   * migration where it arrives, and under a bond its virtio backup at the source and its new VF.
   */
  List<int[]> arrivals() {
    List<int[]> out = new ArrayList<>();
    for (Spec m : migrations) {
      out.add(new int[] {m.toHost(), m.toGuest(), m.vm()});
      if (m.bond() != null) {
        out.add(new int[] {m.fromHost(), m.bond().sourceBackup(), m.vm()});
        out.add(new int[] {m.toHost(), m.bond().toVf(), m.vm()});
      }
    }
    return out;
  }
}
