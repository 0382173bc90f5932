package io.vioemu.guest.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IoPath;
import io.vioemu.host.virt.SriovMailbox;
import io.vioemu.host.virt.VirtCosts;
import org.junit.jupiter.api.Test;

/** The guest's half of an I/O model: the exits its vCPUs take. */
class GuestIoTest {
  private static final long CLOCK_HZ = 1_000_000_000L;
  private static final VirtCosts COSTS =
      new VirtCosts(
          1_500, 0, 0, 0, 1_500, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3_400, 3_000, 1_000);
  private static final HostCosts HOST =
      new HostCosts(CLOCK_HZ, 1_700, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** A VF's guest half; its DMA is not used by interrupts. */
  private static GuestIo vf(boolean posted) {
    return new GuestIo(new IoPath(IoModel.SRIOV, COSTS, HOST, posted, null, null));
  }

  @Test
  void shouldTakeExitsForTheMailboxAckInterruptWhenInterruptsAreNotPosted() {
    GuestIo exits = vf(false);
    GuestIo posted = vf(true);
    CoreModel exitsVcpu = new CoreModel(CLOCK_HZ);
    CoreModel postedVcpu = new CoreModel(CLOCK_HZ);
    SriovMailbox one = new SriovMailbox(COSTS, HOST, new CoreModel(CLOCK_HZ), 1);
    SriovMailbox other = new SriovMailbox(COSTS, HOST, new CoreModel(CLOCK_HZ), 1);

    long upWithExits = one.bringUp(exits::guestInterrupt, exitsVcpu, 0);
    long upPosted = other.bringUp(posted::guestInterrupt, postedVcpu, 0);

    assertEquals(4, exits.stats().totalExits(), "delivery and EOI, per ack");
    assertEquals(0, posted.stats().totalExits());
    assertTrue(upPosted < upWithExits);
    assertEquals(0, exitsVcpu.busyPs(Component.MAILBOX), "the VF side is driver work");
    assertTrue(exitsVcpu.busyPs(Component.DRIVER) > 0);
  }
}
