package io.vioemu.host.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
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
      new VirtCosts(
          1_500, 0, 0, 0, 1_500, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, MMIO_READ, PF, VF, 0,
          0);
  private static final HostCosts HOST =
      new HostCosts(CLOCK_HZ, INTERRUPT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** An ACK interrupt that reaches the VF driver at once (as if posted; exits are the guest's). */
  private static final InterruptDelivery POSTED = (vcpu, nowPs) -> nowPs;

  private record Host(SriovMailbox mailbox, CoreModel pfCore, CoreModel[] vcpus) {}

  private static Host host(int vfs) {
    CoreModel pf = new CoreModel(CLOCK_HZ);
    CoreModel[] vcpus = new CoreModel[vfs];
    for (int i = 0; i < vfs; i++) {
      vcpus[i] = new CoreModel(CLOCK_HZ);
    }
    return new Host(new SriovMailbox(COSTS, HOST, pf, vfs), pf, vcpus);
  }

  @ParameterizedTest(name = "{0} VFs")
  @ValueSource(ints = {1, 4, 16})
  void shouldSendTwoMessagesPerVfAndChargeThePfCoreWhenVfsComeUp(int vfs) {
    Host h = host(vfs);

    for (int i = 0; i < vfs; i++) {
      h.mailbox().bringUp(POSTED, h.vcpus()[i], 0);
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
  void shouldCostThePfMoreWhenMoreVfsAreEnabled() {
    Host few = host(2);
    Host many = host(32);

    few.mailbox().send(SriovMailbox.Request.SET_MAC, POSTED, few.vcpus()[0], 0);
    many.mailbox().send(SriovMailbox.Request.SET_MAC, POSTED, many.vcpus()[0], 0);

    assertTrue(many.mailbox().pfCycles() > 2 * few.mailbox().pfCycles());
  }
}
