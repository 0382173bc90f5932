package io.vioemu.host.iommu;

import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import java.util.TreeMap;

/**
 * Bounce buffers: a fixed set of buffers at the top of the owner's memory, mapped once, is all the
 * device can ever reach. Each DMA borrows one; data is copied in before the device reads and out
 * after it writes. No page-table work per DMA, but every byte is copied by the CPU, and a stray DMA
 * lands in a bounce buffer, never in the driver's own buffers.
 */
final class CopyMapper implements DmaMapper {
  private final GuestMemory memory;
  private final int bufferPages;
  private final long copyMilliCyclesPerByte;
  private final long[] bufferAddress;
  private final boolean[] busy;
  private final TreeMap<Long, Integer> slotByAddress = new TreeMap<>();
  private final MapperTally tally = new MapperTally();

  CopyMapper(
      GuestMemory memory,
      IommuModel iommu,
      int domain,
      int buffers,
      int bufferPages,
      long copyMilliCyclesPerByte) {
    if (buffers <= 0 || bufferPages <= 0 || copyMilliCyclesPerByte < 0) {
      throw new IllegalArgumentException(
          "bounce pool needs buffers > 0, pages > 0, copy cost >= 0; was "
              + buffers
              + ", "
              + bufferPages
              + ", "
              + copyMilliCyclesPerByte);
    }
    long poolPages = (long) buffers * bufferPages;
    if (poolPages > memory.pages()) {
      throw new IllegalArgumentException(
          "bounce pool of " + poolPages + " pages exceeds " + memory.pages() + " guest pages");
    }
    this.memory = memory;
    this.bufferPages = bufferPages;
    this.copyMilliCyclesPerByte = copyMilliCyclesPerByte;
    this.bufferAddress = new long[buffers];
    this.busy = new boolean[buffers];
    IovaSpace iovas = new IovaSpace(iommu, domain, memory);
    long firstGuestPage = memory.pages() - poolPages;
    int bytes = Math.toIntExact(bufferPages * HostMemory.PAGE_SIZE);
    for (int i = 0; i < buffers; i++) {
      long guest = (firstGuestPage + (long) i * bufferPages) << HostMemory.PAGE_SHIFT;
      bufferAddress[i] = iovas.map(guest, bytes, Permission.READ_WRITE);
      slotByAddress.put(bufferAddress[i], i);
    }
    tally.setupCycles = Math.multiplyExact((long) buffers, iommu.costs().mapCycles());
  }

  @Override
  public DmaStrategy strategy() {
    return DmaStrategy.COPY;
  }

  @Override
  public DmaMapping map(long guestAddress, int bytes, DmaDirection direction, long nowPs) {
    IovaSpace.checkBuffer(memory, guestAddress, bytes);
    if (bytes > bufferPages * HostMemory.PAGE_SIZE) {
      throw new IllegalArgumentException(
          bytes + " bytes do not fit a bounce buffer of " + bufferPages + " pages");
    }
    tally.maps++;
    int slot = firstFree();
    if (slot < 0) {
      tally.mapFailures++;
      return DmaMapping.failed(guestAddress, bytes, direction);
    }
    busy[slot] = true;
    long cycles = direction.deviceReads() ? copy(bytes) : 0;
    return new DmaMapping(bufferAddress[slot], guestAddress, bytes, direction, cycles);
  }

  @Override
  public long unmap(DmaMapping mapping, long nowPs) {
    Integer slot = slotByAddress.get(mapping.deviceAddress());
    if (slot == null || !busy[slot]) {
      throw new IllegalStateException(
          "no bounce buffer in use at device address " + mapping.deviceAddress());
    }
    busy[slot] = false;
    tally.unmaps++;
    return mapping.direction().deviceWrites() ? copy(mapping.bytes()) : 0;
  }

  private int firstFree() {
    for (int i = 0; i < busy.length; i++) {
      if (!busy[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Cycles to copy {@code bytes}, rounded up to a whole cycle. */
  private long copy(int bytes) {
    long cycles = (Math.multiplyExact(bytes, copyMilliCyclesPerByte) + 999) / 1000;
    tally.copiedBytes += bytes;
    tally.copyCycles += cycles;
    return cycles;
  }

  @Override
  public DmaCounters counters() {
    return tally.snapshot();
  }
}
