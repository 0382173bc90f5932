package io.vioemu.guest.migration;

import java.util.BitSet;

/**
 * A VM's memory as 4 KiB pages, as a migration sees it: which pages the hypervisor's dirty log has
 * seen written since it was last read, and which pages a device wrote by DMA that the log cannot
 * see (an assigned NIC's receive buffers when nothing tracks device writes). The page contents are
 * not modelled, only which copy is current.
 */
public final class GuestMemory {
  public static final int PAGE_BYTES = 4096;

  private final int pages;
  private final BitSet dirtyLog;
  private final BitSet unseenDeviceWrites;
  private boolean logging;
  private long loggedWrites;

  /** Tracked device writes logged (the back-end's log: no vCPU fault). */
  private long loggedDeviceWrites;

  public GuestMemory(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("a VM has at least one page, not " + pages);
    }
    this.pages = pages;
    this.dirtyLog = new BitSet(pages);
    this.unseenDeviceWrites = new BitSet(pages);
  }

  /** Pages of {@code mib} MiB. */
  public static GuestMemory ofMiB(int mib) {
    return new GuestMemory(Math.multiplyExact(mib, 1024 * 1024 / PAGE_BYTES));
  }

  public int pages() {
    return pages;
  }

  /**
   * Starts dirty logging with every page dirty: the first round copies the whole memory. From now
   * on the vCPUs' writes are logged.
   */
  public void startLogging() {
    logging = true;
    dirtyLog.set(0, pages);
  }

  public boolean logging() {
    return logging;
  }

  /**
   * A vCPU wrote {@code page}. Returns whether the write was the first since the log was last read:
   * under write-protection logging that write took a fault (the cost of logging).
   */
  public boolean cpuWrite(int page) {
    check(page);
    if (!logging || dirtyLog.get(page)) {
      return false;
    }
    dirtyLog.set(page);
    loggedWrites++;
    return true;
  }

  /**
   * A device wrote {@code page} by DMA. A tracked write (emulated and para-virtual devices, whose
   * back-end writes through the hypervisor, or a device whose DMA the IOMMU logs) is logged like a
   * vCPU's; an untracked one leaves the page stale at the destination unless it is copied again.
   */
  public void deviceWrite(int page, boolean tracked) {
    check(page);
    if (!logging) {
      return;
    }
    if (tracked) {
      if (!dirtyLog.get(page)) {
        dirtyLog.set(page);
        loggedDeviceWrites++;
      }
    } else {
      unseenDeviceWrites.set(page);
    }
  }

  /**
   * Reads and clears the dirty log: the pages to copy in the next round. Their copies are current
   * from now on, so an unseen device write before now is repaired by this round.
   */
  public BitSet takeDirty() {
    BitSet taken = (BitSet) dirtyLog.clone();
    dirtyLog.clear();
    unseenDeviceWrites.andNot(taken);
    return taken;
  }

  /** Pages in the dirty log now. */
  public int dirtyPages() {
    return dirtyLog.cardinality();
  }

  /** Pages the destination holds an old copy of without knowing it: device writes nobody saw. */
  public int stalePages() {
    return unseenDeviceWrites.cardinality();
  }

  /** Writes that reached the log first in their round (each one fault under write protection). */
  /**
   * Pages a tracked device write dirtied first in a round (the hypervisor's back-end logged it).
   */
  public long loggedDeviceWrites() {
    return loggedDeviceWrites;
  }

  public long loggedWrites() {
    return loggedWrites;
  }

  private void check(int page) {
    if (page < 0 || page >= pages) {
      throw new IllegalArgumentException("page " + page + " outside 0.." + (pages - 1));
    }
  }
}
