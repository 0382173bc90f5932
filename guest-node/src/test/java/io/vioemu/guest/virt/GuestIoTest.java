package io.vioemu.guest.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.ExitCause;
import io.vioemu.host.virt.HostIo;
import io.vioemu.host.virt.InterruptMode;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IoPath;
import io.vioemu.host.virt.SriovMailbox;
import io.vioemu.host.virt.VirtCosts;
import org.junit.jupiter.api.Test;

/** The guest's half of an I/O model: the exits its vCPUs take. */
class GuestIoTest {
  private static final long CLOCK_HZ = 1_000_000_000L;
  private static final VirtCosts COSTS = costs(0, 0);

  /** VT-x with APICv and VT-d posted interrupts. */
  private static final VirtCosts COSTS_VTD_PI = costs(1, 1);

  /** Exit 1,500 cycles, injection 1,500, EOI emulation 250, register emulation 5,100. */
  private static VirtCosts costs(long apicv, long vtdPostedInterrupts) {
    return new VirtCosts(
        1_500,
        5_100,
        0,
        0,
        1_500,
        250,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        3_400,
        3_000,
        1_000,
        apicv,
        vtdPostedInterrupts);
  }

  private static IoPath path(IoModel model, VirtCosts costs, InterruptMode mode) {
    return new IoPath(model, costs, HOST, mode, null, null);
  }

  private static final HostCosts HOST =
      new HostCosts(CLOCK_HZ, 1_700, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** A VF's guest half; its DMA is not used by interrupts. */
  private static GuestIo vf(boolean posted) {
    return new GuestIo(
        new IoPath(
            IoModel.SRIOV,
            COSTS_VTD_PI,
            HOST,
            posted ? InterruptMode.POSTED : InterruptMode.EXITS,
            null,
            null));
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

  @Test
  void shouldCostADeliveryExitAndAnEoiExitWhenAVirtioGuestHasNoApicv() {
    GuestIo guest = new GuestIo(path(IoModel.VIRTIO, COSTS, InterruptMode.EXITS));
    CoreModel vcpu = new CoreModel(CLOCK_HZ);

    long ready = guest.guestInjected(vcpu, 0);

    // kick-out exit (1,500) + EOI exit (1,500 + 250 of emulation) = 3,250 cycles at 1 GHz
    assertEquals(3_250_000, ready);
    assertEquals(1, guest.stats().exits(ExitCause.EXTERNAL_INTERRUPT));
    assertEquals(1, guest.stats().exits(ExitCause.EOI));
  }

  @Test
  void shouldCostNoDeliveryOrEoiExitWhenAVirtioGuestHasApicv() {
    IoPath shared = path(IoModel.VIRTIO, COSTS_VTD_PI, InterruptMode.POSTED);
    GuestIo guest = new GuestIo(shared);
    CoreModel backend = new CoreModel(CLOCK_HZ);
    HostIo host = new HostIo(shared, backend, false);
    CoreModel vcpu = new CoreModel(CLOCK_HZ);

    long posted = host.hostInject(0);
    long ready = guest.guestInjected(vcpu, posted);

    // the back-end still signals (1,500 cycles on its core); the vCPU takes it with no exit
    assertEquals(1_500_000, posted);
    assertEquals(posted, ready);
    assertEquals(0, guest.stats().totalExits());
    assertEquals(0, vcpu.totalBusyPs());
    assertEquals(1, guest.stats().postedInterrupts());
    assertEquals(0, guest.stats().injectedInterrupts());
  }

  @Test
  void shouldKeepOnlyTheRegisterExitsWhenAnEmulatedGuestHasApicv() {
    GuestIo guest = new GuestIo(path(IoModel.EMULATION, COSTS_VTD_PI, InterruptMode.POSTED));
    CoreModel vcpu = new CoreModel(CLOCK_HZ);

    long ready = guest.guestInjected(vcpu, 0);

    // ICR read, IMC and IMS writes: 3 x (1,500 + 5,100) = 19,800 cycles; no kick, no EOI exit
    assertEquals(19_800_000, ready);
    assertEquals(3, guest.stats().exits(ExitCause.MMIO));
    assertEquals(3, guest.stats().totalExits());
  }

  @Test
  void shouldTakeNoExitsForTheDevicesInterruptsWhenEli() {
    // ELI needs no APIC virtualization: a CPU without it (COSTS)
    GuestIo guest = new GuestIo(path(IoModel.PASSTHROUGH, COSTS, InterruptMode.ELI));
    CoreModel vcpu = new CoreModel(CLOCK_HZ);

    for (int i = 0; i < 10; i++) {
      assertEquals(i * 1_000_000L, guest.guestInterrupt(vcpu, i * 1_000_000L));
    }

    assertEquals(0, guest.stats().totalExits());
    assertEquals(10, guest.stats().exitlessInterrupts());
    assertEquals(0, guest.stats().postedInterrupts());
    assertEquals(0, vcpu.totalBusyPs());
  }

  @Test
  void shouldExitOnceAndNotOnTheEoiWhenPostedWithoutVtdPostedInterrupts() {
    GuestIo guest = new GuestIo(path(IoModel.PASSTHROUGH, costs(1, 0), InterruptMode.POSTED));
    CoreModel vcpu = new CoreModel(CLOCK_HZ);

    long ready = guest.guestInterrupt(vcpu, 0);

    // the host takes the device's interrupt (exit 1,500 + injection 1,500); the EOI is virtualized
    assertEquals(3_000_000, ready);
    assertEquals(1, guest.stats().exits(ExitCause.EXTERNAL_INTERRUPT));
    assertEquals(0, guest.stats().exits(ExitCause.EOI));
  }

  @Test
  void shouldFollowTheProfileAndRefuseEliWhenTheGuestDoesNotDriveItsDevice() {
    assertEquals(
        InterruptMode.POSTED, InterruptMode.resolve("profile", costs(1, 1), IoModel.VIRTIO));
    assertEquals(InterruptMode.EXITS, InterruptMode.resolve("profile", COSTS, IoModel.VIRTIO));
    assertEquals(InterruptMode.ELI, InterruptMode.resolve("eli", COSTS, IoModel.SRIOV));
    for (IoModel m : new IoModel[] {IoModel.EMULATION, IoModel.VIRTIO, IoModel.XEN}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> InterruptMode.resolve("eli", COSTS, m));
      assertTrue(e.getMessage().contains(m.paramName()), e.getMessage());
    }
  }
}
