package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.memory.GuestMemory;
import io.vioemu.host.memory.HostMemory;
import io.vioemu.host.memory.Owner;
import java.util.BitSet;

/**
 * A Xen guest's grant table towards the driver domain, and the hypervisor's grant copy
 * (GNTTABOP_copy) that moves packet data between the two. netfront grants the pages of its transmit
 * and receive buffers; netback asks Xen to copy a received packet from the driver domain's buffer
 * into the guest's granted receive buffer, and a packet to send from the guest's granted transmit
 * buffer into a driver-domain buffer. Xen refuses a copy to or from a page that is not granted, or
 * whose driver-domain side the driver domain does not own: no device and no back-end ever writes a
 * guest page the guest did not hand over. Writes are recorded in host memory.
 */
public final class GrantTable {
  private final GuestMemory guest;
  private final HostMemory memory;
  private final Owner driverDomain;
  private final BitSet granted = new BitSet();
  private final int txSlots;
  private final int rxSlots;
  private final String writer;
  private int txNext;
  private int rxNext;
  private long copies;
  private long copiedBytes;
  private long refused;

  /** netfront's buffers lie as a pass-through driver's do: transmit from 0, then receive. */
  GrantTable(GuestMemory guest, HostMemory memory, Owner driverDomain, int txSlots, int rxSlots) {
    this.guest = guest;
    this.memory = memory;
    this.driverDomain = driverDomain;
    this.txSlots = txSlots;
    this.rxSlots = rxSlots;
    this.writer = "grant copy of " + driverDomain;
    long pages =
        (DmaPath.ringBytes(txSlots, rxSlots) + HostMemory.PAGE_SIZE - 1) / HostMemory.PAGE_SIZE;
    for (long p = 0; p < pages; p++) {
      grant(p);
    }
  }

  /** netfront grants the driver domain access to one of its pages. */
  public void grant(long guestPage) {
    granted.set(Math.toIntExact(guestPage));
  }

  /** netfront ends the grant: the page is the guest's alone again. */
  public void revoke(long guestPage) {
    granted.clear(Math.toIntExact(guestPage));
  }

  public boolean isGranted(long guestPage) {
    return guestPage >= 0 && guestPage <= Integer.MAX_VALUE && granted.get((int) guestPage);
  }

  /**
   * Copies a received packet from driver-domain page {@code fromHostPage} into the guest's next
   * receive buffer. Returns whether Xen performed it.
   */
  public boolean copyToGuest(long fromHostPage, int bytes, long nowPs) {
    long address = (long) (txSlots + rxNext) * DmaPath.BUFFER_BYTES;
    rxNext = (rxNext + 1) % rxSlots;
    return copyToGuestPage(HostMemory.pageOf(address), fromHostPage, bytes, nowPs);
  }

  /** As {@link #copyToGuest}, into guest page {@code guestPage}. */
  public boolean copyToGuestPage(long guestPage, long fromHostPage, int bytes, long nowPs) {
    if (!permitted(guestPage, fromHostPage)) {
      return false;
    }
    memory.write(guest.hostPage(guestPage), writer, nowPs);
    copied(bytes);
    return true;
  }

  /**
   * Copies a packet to send from the guest's next transmit buffer into driver-domain page {@code
   * toHostPage}. Returns whether Xen performed it.
   */
  public boolean copyFromGuest(long toHostPage, int bytes, long nowPs) {
    long guestPage = HostMemory.pageOf((long) txNext * DmaPath.BUFFER_BYTES);
    txNext = (txNext + 1) % txSlots;
    if (!permitted(guestPage, toHostPage)) {
      return false;
    }
    memory.write(toHostPage, writer, nowPs);
    copied(bytes);
    return true;
  }

  private boolean permitted(long guestPage, long driverDomainPage) {
    if (!isGranted(guestPage)
        || !guest.contains(guestPage)
        || !memory.exists(driverDomainPage)
        || !memory.owner(driverDomainPage).equals(driverDomain)) {
      refused++;
      return false;
    }
    return true;
  }

  private void copied(int bytes) {
    copies++;
    copiedBytes += bytes;
  }

  public long copies() {
    return copies;
  }

  public long refused() {
    return refused;
  }

  void reportMetrics(String prefix, MetricSink sink) {
    sink.put(prefix + "xen.grantCopies", copies);
    sink.put(prefix + "xen.grantCopyBytes", copiedBytes);
    sink.put(prefix + "xen.grantCopiesRefused", refused);
  }
}
