package io.vioemu.host.iommu;

import java.util.ArrayList;
import java.util.List;

/**
 * The IOMMU's fault recording registers: a fixed number of slots that software empties. While they
 * are full, further faults are counted but their details are lost, as with VT-d's primary fault
 * overflow; a flood of faults from one device therefore hides the details of the next ones.
 */
public final class FaultLog {
  private final int capacity;
  private final List<IommuFault> recorded = new ArrayList<>();
  private long notRecorded;

  public FaultLog(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Returns whether the fault found a free slot. */
  boolean record(IommuFault fault) {
    if (recorded.size() >= capacity) {
      notRecorded++;
      return false;
    }
    recorded.add(fault);
    return true;
  }

  public int capacity() {
    return capacity;
  }

  /** Faults held now, oldest first. */
  public List<IommuFault> recorded() {
    return List.copyOf(recorded);
  }

  /** Software reads and clears the registers, making room for new faults. */
  public List<IommuFault> drain() {
    List<IommuFault> out = List.copyOf(recorded);
    recorded.clear();
    return out;
  }

  /** Faults that arrived while every slot was full. */
  public long notRecorded() {
    return notRecorded;
  }
}
