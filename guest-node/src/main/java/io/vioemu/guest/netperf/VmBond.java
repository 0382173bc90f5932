package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.netperf.VmMessage;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.SriovMailbox;

/**
 * A migrating VM's bonding driver in active-backup mode (Zhai et al., OLS 2008): its VF (or
 * assigned NIC) is the primary slave, a virtio NIC the backup. It tells which of the VM's device
 * sides carries its frames, and when each step of the migration happened to it: the VF's
 * hot-unplug, the failover to virtio, the new VF's hot-plug and bring-up, the failback. Frames from
 * a slave the bond does not use are dropped (an inactive slave's receives, a removed VF's).
 */
final class VmBond {
  private final IoModel assigned;
  private final long failbackPs;
  private final String prefix;

  /** The new VF's device side (host entity, guest index) once hot-plugged; -1 before. */
  private int vfHost = -1;

  private int vfGuest;
  private boolean onVf = true;
  private boolean onBackup;
  private boolean hotPlugging;
  private long unplugAtPs = -1;
  private long failoverAtPs = -1;
  private long hotplugAtPs = -1;
  private long vfUpAtPs = -1;
  private long failbackAtPs = -1;
  private long vfRxBytes;
  private long backupRxBytes;
  private long vfTxBytes;
  private long backupTxBytes;
  private long vfTxBytesAfterFailback;
  private long rxDrops;

  VmBond(MigrationPlan.Spec migration) {
    this.assigned = migration.bond().assigned();
    this.failbackPs = migration.settings().costs().bondFailbackPs();
    this.prefix = "migration." + migration.index() + ".";
  }

  IoModel assigned() {
    return assigned;
  }

  long failbackPs() {
    return failbackPs;
  }

  /** The hot-plugged VF's host entity, or -1 before the hot-plug. */
  int vfHost() {
    return vfHost;
  }

  int vfGuest() {
    return vfGuest;
  }

  /** Whether a message of {@code kind} comes from a slave the bond does not use now. */
  boolean drops(int kind) {
    boolean vfFrame = kind == VmMessage.HOST_RX.id() || kind == VmMessage.HOST_IRQ.id();
    boolean dropped = (vfFrame && !onVf) || (kind == VmMessage.HOST_BACKEND_RX.id() && !onBackup);
    if (dropped && kind != VmMessage.HOST_IRQ.id()) {
      rxDrops++;
    }
    return dropped;
  }

  void received(int bytes) {
    if (onVf) {
      vfRxBytes += bytes;
    } else {
      backupRxBytes += bytes;
    }
  }

  void sent(int bytes) {
    if (onVf) {
      vfTxBytes += bytes;
      if (failbackAtPs >= 0) {
        vfTxBytesAfterFailback += bytes;
      }
    } else {
      backupTxBytes += bytes;
    }
  }

  void unplugged(long nowPs) {
    onVf = false;
    unplugAtPs = nowPs;
  }

  void failedOver(long nowPs) {
    onBackup = true;
    failoverAtPs = nowPs;
  }

  void hotPlugged(int host, int guest, long nowPs) {
    vfHost = host;
    vfGuest = guest;
    hotPlugging = true;
    hotplugAtPs = nowPs;
  }

  /**
   * The hot-plugged VF's driver took mailbox reply {@code request} (-1: a VF with no mailbox).
   * Returns whether the VF is up now: then the bond fails back {@link #failbackPs} later.
   */
  boolean vfUp(int request, long nowPs) {
    if (!hotPlugging || (request >= 0 && request != SriovMailbox.BRING_UP.size() - 1)) {
      return false;
    }
    hotPlugging = false;
    vfUpAtPs = nowPs;
    return true;
  }

  void failedBack(long nowPs) {
    onVf = true;
    onBackup = false;
    failbackAtPs = nowPs;
  }

  /** Under {@code migration.<n>.}: each step's time (-1: not reached) and the bytes per slave. */
  void reportMetrics(MetricSink sink) {
    sink.put(prefix + "unplugAtPs", unplugAtPs);
    sink.put(prefix + "failoverAtPs", failoverAtPs);
    sink.put(prefix + "failoverGapPs", failoverAtPs < 0 ? -1 : failoverAtPs - unplugAtPs);
    sink.put(prefix + "hotplugAtPs", hotplugAtPs);
    sink.put(prefix + "vfUpAtPs", vfUpAtPs);
    sink.put(prefix + "failbackAtPs", failbackAtPs);
    sink.put(prefix + "bond.rxDrops", rxDrops);
    sink.put(prefix + "bond.vfRxBytes", vfRxBytes);
    sink.put(prefix + "bond.backupRxBytes", backupRxBytes);
    sink.put(prefix + "bond.vfTxBytes", vfTxBytes);
    sink.put(prefix + "bond.backupTxBytes", backupTxBytes);
    sink.put(prefix + "bond.vfTxBytesAfterFailback", vfTxBytesAfterFailback);
  }
}
