package io.vioemu.host.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Carries devices' DMA to host memory: each page-sized piece goes through the translator (the
 * IOMMU, or {@link DmaTranslator#NONE}), then lands on a host page, whose owner is checked against
 * the device's owner. Foreign writes still happen (hardware without an IOMMU has nothing to stop
 * them); they are recorded so that the damage is observable.
 */
public final class DmaEngine {
  private final HostMemory memory;
  private final DmaTranslator translator;
  private final DmaLog log;
  private final TreeMap<Integer, Owner> owners = new TreeMap<>();

  /** How each device signs the pages it writes: built once, not per DMA. */
  private final TreeMap<Integer, String> writers = new TreeMap<>();

  public DmaEngine(HostMemory memory, DmaTranslator translator, DmaLog log) {
    this.memory = memory;
    this.translator = translator;
    this.log = log;
  }

  /** Declares who {@code device} works for: its DMA belongs in that owner's memory. */
  public void assign(int device, Owner owner) {
    if (owner.isFree()) {
      throw new IllegalArgumentException("device " + device + " must belong to someone");
    }
    owners.put(device, owner);
    writers.put(device, "device " + device + " of " + owner);
  }

  /** The device writes {@code bytes} at bus address {@code address} (a receive). */
  public DmaResult write(int device, long address, int bytes, long nowPs) {
    return transfer(device, address, bytes, DmaAccess.WRITE, nowPs);
  }

  /** The device reads {@code bytes} at bus address {@code address} (a transmit). */
  public DmaResult read(int device, long address, int bytes, long nowPs) {
    return transfer(device, address, bytes, DmaAccess.READ, nowPs);
  }

  public DmaLog log() {
    return log;
  }

  private DmaResult transfer(int device, long address, int bytes, DmaAccess access, long nowPs) {
    Owner deviceOwner = owners.get(device);
    if (deviceOwner == null) {
      throw new IllegalArgumentException("device " + device + " is not assigned to an owner");
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException("a DMA moves at least one byte, was " + bytes);
    }
    if (address < 0) {
      throw new IllegalArgumentException("bus address must be >= 0, was " + address);
    }
    List<DmaRecord> records = new ArrayList<>();
    long at = address;
    long left = bytes;
    while (left > 0) {
      int piece = (int) Math.min(left, HostMemory.PAGE_SIZE - HostMemory.offsetOf(at));
      DmaRecord r = land(device, deviceOwner, at, piece, access, nowPs);
      records.add(r);
      log.add(r);
      if (r.outcome() == DmaOutcome.BLOCKED_BY_IOMMU || r.outcome() == DmaOutcome.UNBACKED) {
        break; // the device sees an error completion and aborts the transfer
      }
      at += piece;
      left -= piece;
    }
    return new DmaResult(records);
  }

  private DmaRecord land(
      int device, Owner deviceOwner, long address, int bytes, DmaAccess access, long nowPs) {
    Translation t = translator.translate(device, address, access == DmaAccess.WRITE, nowPs);
    if (!t.ok()) {
      return new DmaRecord(
          nowPs,
          device,
          deviceOwner,
          address,
          access,
          bytes,
          -1,
          null,
          DmaOutcome.BLOCKED_BY_IOMMU,
          t.fault(),
          t.latencyPs(),
          false);
    }
    long page = t.hostPage();
    if (!memory.exists(page)) {
      return new DmaRecord(
          nowPs,
          device,
          deviceOwner,
          address,
          access,
          bytes,
          page,
          null,
          DmaOutcome.UNBACKED,
          null,
          t.latencyPs(),
          t.stale());
    }
    Owner pageOwner = memory.owner(page);
    if (access == DmaAccess.WRITE) {
      memory.write(page, writers.get(device), nowPs);
    }
    DmaOutcome outcome =
        pageOwner.equals(deviceOwner) ? DmaOutcome.OK : DmaOutcome.LANDED_IN_FOREIGN_PAGE;
    return new DmaRecord(
        nowPs,
        device,
        deviceOwner,
        address,
        access,
        bytes,
        page,
        pageOwner,
        outcome,
        null,
        t.latencyPs(),
        t.stale());
  }
}
