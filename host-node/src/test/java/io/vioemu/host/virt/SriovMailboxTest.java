package io.vioemu.host.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.net.HostCosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PF/VF mailbox: its messages, and what they cost the PF's host core and the VF's vCPU. */
class SriovMailboxTest {
  private static final long CLOCK_HZ = 1_000_000_000L;
  private static final long INTERRUPT = 1_700;
  private static final long MMIO_READ = 3_400;
  private static final long PF = 3_000;
  private static final long VF = 1_000;
  private static final VirtCosts COSTS =
      new VirtCosts(1_500, 0, 0, 0, 1_500, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, MMIO_READ, PF, VF);
  private static final HostCosts HOST =
      new HostCosts(CLOCK_HZ, INTERRUPT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private record Host(SriovMailbox mailbox, CoreModel pfCore, VirtualIo[] vfs, CoreModel[] vcpus) {}

  private static Host host(int vfs, boolean posted) {
    HostDma dma = HostDmaTest.host(HostDmaTest.sriov(vfs), DmaStrategy.DIRECT, 64);
    CoreModel pf = new CoreModel(CLOCK_HZ);
    VirtualIo[] io = new VirtualIo[vfs];
    CoreModel[] vcpus = new CoreModel[vfs];
    for (int i = 0; i < vfs; i++) {
      io[i] = new VirtualIo(IoModel.SRIOV, COSTS, HOST, posted, dma.path(i), null, null);
      vcpus[i] = new CoreModel(CLOCK_HZ);
    }
    return new Host(new SriovMailbox(COSTS, HOST, pf, vfs), pf, io, vcpus);
  }

  @ParameterizedTest(name = "{0} VFs")
  @ValueSource(ints = {1, 4, 16})
  void shouldSendTwoMessagesPerVfAndChargeThePfCoreWhenVfsComeUp(int vfs) {
    Host h = host(vfs, false);

    for (int i = 0; i < vfs; i++) {
      h.mailbox().bringUp(h.vfs()[i], h.vcpus()[i], 0);
    }

    int perBringUp = SriovMailbox.BRING_UP.size();
    assertEquals(2, perBringUp, "reset, then set MAC");
    assertEquals((long) vfs * perBringUp, h.mailbox().messages());
    // per request: the interrupt, the PF's software, its reads of the request and of every VF's
    // status (ixgbe_msg_task scans them all)
    long pfPerRequest =
        PF
            + (SriovMailbox.PF_READS_PER_REQUEST + SriovMailbox.PF_READS_PER_VF_SCANNED * vfs)
                * MMIO_READ;
    assertEquals((long) vfs * perBringUp * (INTERRUPT + pfPerRequest), h.mailbox().pfCycles());
    assertEquals(
        h.pfCore().cyclesToPs(pfPerRequest) * vfs * perBringUp,
        h.pfCore().busyPs(Component.MAILBOX),
        "the PF driver's mailbox work is on its own component");
    assertEquals(
        h.pfCore().cyclesToPs(INTERRUPT) * vfs * perBringUp,
        h.pfCore().busyPs(Component.INTERRUPT));
  }

  @Test
  void shouldTakeExitsForTheAckInterruptUnlessInterruptsArePosted() {
    Host exits = host(1, false);
    Host posted = host(1, true);

    long upWithExits = exits.mailbox().bringUp(exits.vfs()[0], exits.vcpus()[0], 0);
    long upPosted = posted.mailbox().bringUp(posted.vfs()[0], posted.vcpus()[0], 0);

    assertEquals(4, exits.vfs()[0].stats().totalExits(), "delivery and EOI, per ack");
    assertEquals(0, posted.vfs()[0].stats().totalExits());
    assertTrue(upPosted < upWithExits);
    assertEquals(0, exits.vcpus()[0].busyPs(Component.MAILBOX), "the VF side is driver work");
    assertTrue(exits.vcpus()[0].busyPs(Component.DRIVER) > 0);
  }

  @Test
  void shouldCostThePfMoreWhenMoreVfsAreEnabled() {
    Host few = host(2, false);
    Host many = host(32, false);

    few.mailbox().send(SriovMailbox.Request.SET_MAC, few.vfs()[0], few.vcpus()[0], 0);
    many.mailbox().send(SriovMailbox.Request.SET_MAC, many.vfs()[0], many.vcpus()[0], 0);

    assertTrue(many.mailbox().pfCycles() > 2 * few.mailbox().pfCycles());
  }
}
