package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.guest.migration.DirtyingProcess;
import io.vioemu.guest.migration.GuestMemory;
import io.vioemu.guest.migration.Migration;
import io.vioemu.guest.migration.MigrationPorts;
import io.vioemu.guest.migration.MigrationSettings;
import io.vioemu.guest.migration.PostCopyModel;
import io.vioemu.guest.migration.PreCopyModel;
import io.vioemu.host.netperf.DeviceSettings;
import io.vioemu.host.netperf.FlowEnd;
import io.vioemu.host.netperf.GuestWords;
import io.vioemu.host.netperf.VmMessage;
import io.vioemu.host.virt.MigrationCosts;
import java.util.SplittableRandom;

/**
 * One end of a live migration's stream: a TCP connection between the hypervisors of the VM's host
 * and of the destination, on the fabric with the tenants' flows. At the source the migration model
 * ({@link PreCopyModel} or {@link PostCopyModel}) hands it bytes to move; it writes them with send
 * calls (the socket's costs) plus the migration thread's per-page work, and tells the model they
 * have arrived once the destination has acknowledged the last of them. At the destination it reads
 * what comes, paying the per-page placement into guest memory.
 */
final class MigrationStream implements GuestApp, MigrationPorts {
  /** A receive buffer of the VM's NIC driver, as the DMA setup sizes them. */
  static final int RX_BUFFER_BYTES = DeviceSettings.DMA_BUFFER_BYTES;

  /** Bytes per send or receive call of the migration thread (QEMU's buffered stream writes). */
  static final int CALL_BYTES = 65_536;

  private final FlowEnd end;
  private final MigrationPlan.Spec spec;
  private final AppSocket socket;
  private final AppCpu cpu;

  /** The model, at the source; null at the destination. */
  private final Migration migration;

  /** Pre-copy's view of the VM's memory and writes, or null. */
  private GuestMemory memory;

  private DirtyingProcess dirtying;

  /** Logged first writes whose cost the VM has been charged. */
  private long writesCharged;

  /**
   * Per receive ring of the VM (0: its own device's, at the top of its memory; 1: under a bond, its
   * virtio backup's, just below), the frames its device side had written when last looked at.
   */
  private final long[] framesLogged = new long[2];

  /** Per ring, the receive buffer the next written frame lands in. */
  private final long[] ringCursor = new long[2];

  /** Under a bond: when the VF's hot-unplug was asked for, and when the migration may go on. */
  private long unplugPs = -1;

  private long unplugDonePs = -1;

  private boolean begun;
  private boolean busy;
  private int callBytes;
  private boolean wakePending;
  private long nowPs;

  /** Bytes the model handed over and not yet written into the socket. */
  private long toWrite;

  /** The socket's acknowledged bytes at which the current hand-over has arrived; -1: none. */
  private long deliveredAt = -1;

  private long notBeforePs;
  private long written;
  private long bytesRead;
  private long pagesCharged;

  MigrationStream(FlowEnd end, MigrationPlan.Spec spec, AppSocket socket, AppCpu cpu) {
    this.end = end;
    this.spec = spec;
    this.socket = socket;
    this.cpu = cpu;
    this.migration = end.client() ? model(spec) : null;
  }

  private Migration model(MigrationPlan.Spec s) {
    SplittableRandom random = new SplittableRandom(s.seed());
    int set = Math.min(s.workingSetPages(), s.memoryPages());
    if (s.postCopy()) {
      return new PostCopyModel(
          s.memoryPages(), 0, set, s.writesPerSec(), random, s.settings(), this);
    }
    dirtying = new DirtyingProcess(0, set, s.writesPerSec(), 0, random);
    memory = new GuestMemory(s.memoryPages());
    return new PreCopyModel(memory, dirtying, s.settings(), this);
  }

  int index() {
    return spec.index();
  }

  @Override
  public FlowEnd end() {
    return end;
  }

  /** Its start time (the source begins the migration), or a wake-up the rate limit asked for. */
  @Override
  public void start(long now) {
    nowPs = now;
    wakePending = false;
    if (migration != null && !begun) {
      MigrationPlan.Bond bond = spec.bond();
      if (bond != null && bond.unplugFirst() && unplugDonePs < 0) {
        // Zhai's order: the VF goes and the bond fails over before the pre-copy rounds
        unplugDonePs = unplugVf(now);
        wakePending = true;
        cpu.wakeAt(this, unplugDonePs);
        return;
      }
      begun = true;
      if (bond != null) {
        syncRings(); // the device sides' frames so far were written before the log started
      }
      migration.start(now);
    }
    checkDelivered(now);
    pump(now);
  }

  @Override
  public void onSocketEvent(long now) {
    nowPs = now;
    checkDelivered(now);
    pump(now);
  }

  /** The destination acknowledged the last byte handed over: the model hears it has arrived. */
  private void checkDelivered(long now) {
    if (deliveredAt >= 0 && toWrite == 0 && socket.ackedBytes() >= deliveredAt) {
      deliveredAt = -1;
      logIo(); // before the model reads the log at a round's end
      migration.onSent(now);
    }
  }

  @Override
  public void onCallDone(long now) {
    nowPs = now;
    busy = false;
    if (migration != null) {
      socket.write(callBytes, now);
      written += callBytes;
      toWrite -= callBytes;
    } else {
      bytesRead += socket.read(callBytes, now);
      long pages = bytesRead / MigrationSettings.streamBytes(1);
      cpu.work((pages - pagesCharged) * spec.settings().costs().receiveCyclesPerPage(), now);
      pagesCharged = pages;
    }
    pump(now);
  }

  @Override
  public void onArrivals(long now) {
    // the destination reads on its readable callback
  }

  private void pump(long now) {
    if (busy) {
      return;
    }
    if (migration == null) {
      long available = socket.readable();
      if (available > 0) {
        busy = true;
        callBytes = (int) Math.min(available, CALL_BYTES);
        cpu.receiveCall(this, callBytes, now);
      }
      return;
    }
    if (toWrite == 0) {
      return;
    }
    if (now < notBeforePs) {
      if (!wakePending) {
        wakePending = true;
        cpu.wakeAt(this, notBeforePs);
      }
      return;
    }
    int bytes = (int) Math.min(toWrite, CALL_BYTES);
    if (!socket.canSend(bytes)) {
      return; // the socket's writable callback resumes us
    }
    busy = true;
    callBytes = bytes;
    cpu.sendCall(this, bytes, now);
  }

  // ---- what the migration model calls ----

  @Override
  public void send(long bytes, long notBefore) {
    chargeDirtyLogging();
    long pages = bytes / MigrationSettings.streamBytes(1);
    cpu.work(pages * spec.settings().costs().sendCyclesPerPage(), nowPs);
    toWrite = bytes;
    deliveredAt = written + bytes;
    notBeforePs = notBefore;
    if (bytes == 0) {
      wakePending = true;
      cpu.wakeAt(this, Math.max(nowPs, notBefore)); // nothing to move: arrived once acked so far
      return;
    }
    pump(nowPs);
  }

  /**
   * The VM's first writes to pages since the last hand-over each took a write-protection fault or a
   * log entry: their cycles go to the VM's vCPU, a chunk at a time, so a memory-intensive VM slows
   * while it migrates. (Advancing the writes here does not change them: their count over any
   * interval is exact however the intervals are cut.)
   */
  private void chargeDirtyLogging() {
    if (memory == null || !memory.logging()) {
      return;
    }
    dirtying.advanceTo(nowPs, memory);
    long writes = memory.loggedWrites() - writesCharged;
    writesCharged = memory.loggedWrites();
    long cycles = writes * spec.settings().costs().dirtyLogCyclesPerWrite();
    if (cycles > 0) {
      cpu.toVm(spec.vmEntity(), VmMessage.HOST_DIRTY_LOG, cycles, nowPs);
    }
  }

  /**
   * The VM's own I/O dirties memory too: each frame its host's back-end (or device) wrote since the
   * last look landed in the next 2 KiB buffer of its receive ring, at the top of its memory. The
   * back-end writes through the hypervisor, so its dirty log sees them (vhost's log); they cost the
   * VM no fault. A ring's worth of frames or more dirties every buffer page. Under a bond the VF's
   * ring is at the top and the virtio backup's just below; what the VF writes by DMA the log sees
   * only if device writes are tracked ({@code trackDmaWrites}).
   */
  private void logIo() {
    if (memory == null || !memory.logging()) {
      return;
    }
    MigrationPlan.Bond bond = spec.bond();
    if (bond == null) {
      logRing(0, spec.fromGuest(), true);
      return;
    }
    logRing(0, bond.sourceVf(), bond.trackDmaWrites());
    logRing(1, bond.sourceBackup(), true);
  }

  /** Logs the frames device side {@code guest} wrote into ring {@code ring} since the last look. */
  private void logRing(int ring, int guest, boolean tracked) {
    long written = cpu.framesWrittenTo(guest);
    long frames = written - framesLogged[ring];
    framesLogged[ring] = written;
    int slots = spec.rxRingFrames();
    int ringPages = ringPages();
    int first = spec.memoryPages() - (ring + 1) * ringPages;
    for (long k = 0; k < Math.min(frames, slots); k++) {
      int buffer = (int) ((ringCursor[ring] + k) % slots);
      int page = first + (int) ((long) buffer * RX_BUFFER_BYTES / GuestMemory.PAGE_BYTES);
      memory.deviceWrite(Math.max(0, Math.min(page, spec.memoryPages() - 1)), tracked);
    }
    ringCursor[ring] = (ringCursor[ring] + frames) % slots;
  }

  /** Pages of one receive ring: its 2 KiB buffers, at most the VM's memory. */
  private int ringPages() {
    long ringBytes = spec.rxRingFrames() * (long) RX_BUFFER_BYTES;
    return (int)
        Math.min(
            spec.memoryPages(), (ringBytes + GuestMemory.PAGE_BYTES - 1) / GuestMemory.PAGE_BYTES);
  }

  /** What each ring's device side wrote before the log started: already in the first round. */
  private void syncRings() {
    MigrationPlan.Bond bond = spec.bond();
    framesLogged[0] = cpu.framesWrittenTo(bond.sourceVf());
    framesLogged[1] = cpu.framesWrittenTo(bond.sourceBackup());
  }

  /**
   * A bonded VM's VF is hot-unplugged (Zhai et al., OLS 2008): what it wrote so far is logged (if
   * the log runs), its device side stops taking frames, its IOMMU mappings are torn down, the VM's
   * bond loses its active slave and fails over to the virtio backup {@code bondFailoverPs} later.
   * Returns when the migration may go on: the unplug done and the backup carrying the VM's frames.
   */
  private long unplugVf(long now) {
    logIo();
    MigrationPlan.Bond bond = spec.bond();
    MigrationCosts costs = spec.settings().costs();
    unplugPs = now;
    cpu.detachGuest(bond.sourceVf(), now);
    cpu.toVm(spec.vmEntity(), VmMessage.HOST_UNPLUG, 0, now);
    cpu.toVm(
        spec.vmEntity(),
        VmMessage.HOST_FAILOVER,
        GuestWords.word(spec.fromHost(), bond.sourceBackup()),
        now + costs.bondFailoverPs());
    return now + Math.max(costs.hotUnplugPs(), costs.bondFailoverPs());
  }

  /** Under a bond whose VF stayed through the rounds, it leaves now (before stop-and-copy). */
  @Override
  public long beforeStopAndCopy(long now) {
    MigrationPlan.Bond bond = spec.bond();
    if (bond == null || bond.unplugFirst()) {
      return now;
    }
    unplugDonePs = unplugVf(now);
    return unplugDonePs;
  }

  @Override
  public void pauseVm(long atPs) {
    cpu.toVm(spec.vmEntity(), VmMessage.HOST_PAUSE, 0, atPs);
    cpu.detachGuest(spec.stopsOn(), atPs);
  }

  /** The VM runs again at the destination: its device side there (host entity = host index). */
  @Override
  public void resumeVm(long atPs) {
    long there = GuestWords.word(spec.toHost(), spec.toGuest());
    cpu.toVm(spec.vmEntity(), VmMessage.HOST_RESUME, there, atPs);
    MigrationPlan.Bond bond = spec.bond();
    if (bond != null) {
      // the destination hot-plugs a VF into the running VM; its IOMMU domain maps the VM's memory
      long vf = GuestWords.word(spec.toHost(), bond.toVf());
      cpu.toVm(
          spec.vmEntity(), VmMessage.HOST_HOTPLUG, vf, atPs + spec.settings().costs().hotPlugPs());
    }
  }

  /** Under {@code migration.<index>.}: the model's results once done, and the stream's bytes. */
  @Override
  public void reportMetrics(String prefix, MetricSink sink) {
    if (migration == null) {
      sink.put(prefix + "bytesReceived", bytesRead);
      return;
    }
    sink.put(prefix + "completed", migration.done() ? 1 : 0);
    sink.put(prefix + "startPs", end.startPs());
    sink.put(prefix + "vm", spec.vm());
    sink.put(prefix + "fromHost", spec.fromHost());
    sink.put(prefix + "toHost", spec.toHost());
    sink.put(prefix + "streamBytesWritten", written);
    if (memory != null) {
      sink.put(prefix + "ioDirtiedPages", memory.loggedDeviceWrites());
    }
    if (spec.bond() != null) {
      // VFIO maps all of an assigned device's VM memory in its IOMMU domain: torn down at the
      // source when the VF goes, built at the destination when the new one comes
      sink.put(prefix + "unplugRequestedAtPs", unplugPs);
      sink.put(prefix + "unplugDoneAtPs", unplugDonePs);
      sink.put(prefix + "iommuPagesUnmapped", unplugPs < 0 ? 0 : spec.memoryPages());
      sink.put(prefix + "iommuPagesMapped", migration.done() ? spec.memoryPages() : 0);
    }
    if (migration.done()) {
      migration.report(prefix, sink);
    }
  }
}
