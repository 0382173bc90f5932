package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.guest.migration.MigrationSettings;
import io.vioemu.host.netperf.GuestSpec;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.MigrationCosts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the live migrations a schedule's {@code migrate} events lower to ({@code
 * migration.<n>.atPs}, {@code .vm}, {@code .to}, ...) and checks each against the VMs and hosts the
 * model has: a VM exists, runs in an entity of its own, goes to another host that exists, drives
 * its own device (pass-through, SR-IOV) only under a bond with a para-virtual backup ({@code
 * io.bond}: the hybrid of Zhai et al., OLS 2008) and migrates once.
 */
final class MigrationSetup {
  private MigrationSetup() {}

  static final String AT = "migration.*.atPs";

  static final ParamSpec AT_PS =
      ParamSpec.duration(AT, 0, 0, Long.MAX_VALUE / 4, "When the migration starts.");
  static final ParamSpec VM =
      ParamSpec.integer(
          "migration.*.vm", 0, 0, 1 << 24, "The VM to migrate: its number among all VMs.");
  static final ParamSpec TO =
      ParamSpec.integer("migration.*.to", 0, 0, 1 << 24, "The host it migrates to.");
  static final ParamSpec MODE =
      ParamSpec.choice(
          "migration.*.mode",
          "precopy",
          List.of("precopy", "postcopy"),
          "Pre-copy rounds then stop-and-copy (Clark et al.), or resume first and fetch pages.");

  /** Xen's xc_domain_save gives up iterating after 30 rounds (its max_iters default). */
  static final ParamSpec MAX_ROUNDS =
      ParamSpec.integer(
          "migration.*.maxRounds", 30, 1, 1 << 20, "Pre-copy rounds before stop-and-copy at most.");

  static final ParamSpec STOP_PAGES =
      ParamSpec.integer(
          "migration.*.stopPages",
          0,
          0,
          1L << 40,
          "Stop-and-copy once a round leaves at most this many dirty pages.");

  /** QEMU's default downtime limit (migrate-set-parameters downtime-limit): 300 ms. */
  static final ParamSpec MAX_DOWNTIME_PS =
      ParamSpec.duration(
          "migration.*.maxDowntimePs",
          300_000_000_000L,
          0,
          1L << 50,
          "Stop-and-copy once the dirty pages would go in this time at the last round's rate.");

  static final ParamSpec MAX_BANDWIDTH =
      ParamSpec.integer(
          "migration.*.maxBandwidthBitsPerSec",
          0,
          0,
          1_000_000_000_000L,
          "The stream's rate limit; 0: as fast as TCP goes.");
  static final ParamSpec WORKING_SET_PAGES =
      ParamSpec.integer(
          "migration.*.workingSetPages",
          0,
          0,
          1L << 30,
          "Pages the VM keeps rewriting (pre-copy) or touching (post-copy).");
  static final ParamSpec WRITES_PER_SEC =
      ParamSpec.integer(
          "migration.*.writesPerSec",
          0,
          0,
          1_000_000_000L,
          "How often the VM writes (or touches) a page of its working set.");
  static final ParamSpec SEED =
      ParamSpec.integer(
          "migration.*.seed", 1, 0, Long.MAX_VALUE, "The seed of the pages the VM writes.");

  /**
   * A VM that drives its own NIC runs a bonding driver in active-backup mode with the VF (or
   * assigned NIC) as its primary slave and a virtio NIC as backup (Zhai et al., OLS 2008).
   */
  static final ParamSpec BOND =
      ParamSpec.choice(
          "io.bond",
          "none",
          List.of("none", "virtio"),
          "Pass-through and SR-IOV VMs: none, or a bond with a virtio backup, which lets them"
              + " migrate (the VF is hot-unplugged, the bond fails over to virtio, a VF is"
              + " hot-plugged at the destination and the bond fails back).");

  static final ParamSpec VF_UNPLUG =
      ParamSpec.choice(
          "migration.*.vfUnplug",
          "first",
          List.of("first", "last"),
          "A bonded VM's VF: hot-unplugged before the pre-copy rounds (first, Zhai's order) or"
              + " after them, just before stop-and-copy (last: the VF works during the rounds).");

  static final ParamSpec TRACK_DMA_WRITES =
      ParamSpec.choice(
          "migration.*.trackDmaWrites",
          "false",
          List.of("false", "true"),
          "Whether the dirty log sees what a VF writes by DMA into the VM (an IOMMU with dirty"
              + " bits); if not, pages it wrote after their last copy are stale at the"
              + " destination.");

  /** Pages handed to the stream at once: 1 MiB, the grain of the rate limit. */
  static final int CHUNK_PAGES = 256;

  static final List<ParamSpec> PARAMETERS =
      List.of(
          AT_PS,
          VM,
          TO,
          MODE,
          MAX_ROUNDS,
          STOP_PAGES,
          MAX_DOWNTIME_PS,
          MAX_BANDWIDTH,
          WORKING_SET_PAGES,
          WRITES_PER_SEC,
          SEED,
          BOND,
          VF_UNPLUG,
          TRACK_DMA_WRITES);

  /** Where a VM runs: its host, its index there, its entity. */
  record VmAt(int host, int guest, int entity) {}

  /**
   * @param vms every VM apart, in entity order
   * @param specs each host's guests; each migration adds the VM's device side at its destination
   * @param memoryPages each VM's memory
   */
  static MigrationPlan read(
      ModelParams p,
      List<VmAt> vms,
      List<List<GuestSpec>> specs,
      int memoryPages,
      int rxRingFrames) {
    List<MigrationPlan.Spec> out = new ArrayList<>();
    Map<Integer, String> migrating = new HashMap<>();
    MigrationCosts costs = null;
    for (String at : p.namesMatching(AT_PS)) {
      String n = ModelParams.star(AT, at);
      int index = index(p, at, n);
      String prefix = "migration." + n + ".";
      int vm = (int) p.getLong(VM, prefix + "vm");
      int to = (int) p.getLong(TO, prefix + "to");
      if (vms.isEmpty()) {
        throw p.invalid(
            prefix + "vm",
            "no VM runs in an entity of its own to migrate: migration needs io.model emulation,"
                + " virtio or xen with io.hostCores 0 (each VM on cores of its own)");
      }
      if (vm >= vms.size()) {
        throw p.invalid(
            prefix + "vm", "no VM " + vm + ": the model has VMs 0.." + (vms.size() - 1));
      }
      VmAt where = vms.get(vm);
      if (to >= specs.size()) {
        throw p.invalid(
            prefix + "to", "no host " + to + ": the model has hosts 0.." + (specs.size() - 1));
      }
      if (to == where.host()) {
        throw p.invalid(
            prefix + "to", "VM " + vm + " already runs on host " + to + ": migrate it elsewhere");
      }
      IoModel io = specs.get(where.host()).get(where.guest()).io();
      boolean bonded = io.directAssignment() && p.getChoice(BOND).equals("virtio");
      if (io.directAssignment() && !bonded) {
        throw p.invalid(
            prefix + "vm",
            "VM "
                + vm
                + " drives its own device ("
                + io.paramName()
                + ") and has no bond: migrating it needs vms.bond: virtio, a bonding driver with"
                + " a para-virtual backup (Zhai et al., OLS 2008)");
      }
      String before = migrating.putIfAbsent(vm, prefix);
      if (before != null) {
        throw p.invalid(prefix + "vm", "VM " + vm + " is already migrating (" + before + "atPs)");
      }
      if (costs == null) {
        costs = MigrationCosts.fromParams(p);
      }
      // the destination's device side for the VM, detached until it arrives
      GuestSpec moving = specs.get(where.host()).get(where.guest());
      MigrationPlan.Bond bond = bonded ? bond(p, prefix, specs, where, to, moving) : null;
      int toGuest = specs.get(to).size();
      IoModel travels = bonded ? IoModel.VIRTIO : moving.io();
      specs.get(to).add(new GuestSpec(moving.mac(), travels, moving.ends()));
      if (bonded) {
        specs.get(to).add(new GuestSpec(moving.mac(), moving.io(), moving.ends()));
      }
      out.add(
          spec(
              p,
              prefix,
              index,
              new int[] {vm, to, toGuest},
              where,
              costs,
              bond,
              memoryPages,
              rxRingFrames));
    }
    out.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return new MigrationPlan(out);
  }

  /**
   * A bonded VM's extra device sides: its virtio backup at the source (after the host's guests),
   * and at the destination a VF after the virtio side it arrives on.
   */
  private static MigrationPlan.Bond bond(
      ModelParams p,
      String prefix,
      List<List<GuestSpec>> specs,
      VmAt where,
      int to,
      GuestSpec moving) {
    if (p.choiceOf(MODE, prefix + "mode").equals("postcopy")
        && p.choiceOf(VF_UNPLUG, prefix + "vfUnplug").equals("last")) {
      throw p.invalid(
          prefix + "vfUnplug",
          "post-copy has no pre-copy rounds for the VF to stay through: vfUnplug last needs mode"
              + " precopy");
    }
    int backup = specs.get(where.host()).size();
    specs.get(where.host()).add(new GuestSpec(moving.mac(), IoModel.VIRTIO, moving.ends()));
    return new MigrationPlan.Bond(
        where.guest(),
        backup,
        specs.get(to).size() + 1,
        p.choiceOf(VF_UNPLUG, prefix + "vfUnplug").equals("first"),
        p.choiceOf(TRACK_DMA_WRITES, prefix + "trackDmaWrites").equals("true"),
        moving.io());
  }

  private static int index(ModelParams p, String name, String n) {
    if (!n.matches("[0-9]{1,6}")) {
      throw p.invalid(name, name + ": migrations are numbered 0, 1, ... (migration.<n>.atPs)");
    }
    return Integer.parseInt(n);
  }

  private static MigrationPlan.Spec spec(
      ModelParams p,
      String prefix,
      int index,
      int[] vmToGuest,
      VmAt where,
      MigrationCosts costs,
      MigrationPlan.Bond bond,
      int memoryPages,
      int rxRingFrames) {
    MigrationSettings settings =
        new MigrationSettings(
            (int) p.getLong(MAX_ROUNDS, prefix + "maxRounds"),
            p.getLong(STOP_PAGES, prefix + "stopPages"),
            p.getLong(MAX_DOWNTIME_PS, prefix + "maxDowntimePs"),
            p.getLong(MAX_BANDWIDTH, prefix + "maxBandwidthBitsPerSec"),
            CHUNK_PAGES,
            costs);
    long workingSet = p.getLong(WORKING_SET_PAGES, prefix + "workingSetPages");
    if (workingSet > memoryPages) {
      throw p.invalid(
          prefix + "workingSetPages",
          "the working set of "
              + workingSet
              + " pages is larger than the VM's memory ("
              + memoryPages
              + " pages, io.vmMemoryMiB)");
    }
    return new MigrationPlan.Spec(
        index,
        vmToGuest[0],
        where.entity(),
        where.host(),
        where.guest(),
        vmToGuest[1],
        vmToGuest[2],
        p.getLong(AT_PS, prefix + "atPs"),
        p.choiceOf(MODE, prefix + "mode").equals("postcopy"),
        settings,
        memoryPages,
        rxRingFrames,
        (int) workingSet,
        p.getLong(WRITES_PER_SEC, prefix + "writesPerSec"),
        p.getLong(SEED, prefix + "seed"),
        bond);
  }
}
