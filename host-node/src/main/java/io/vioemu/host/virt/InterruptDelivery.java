package io.vioemu.host.virt;

import io.vioemu.host.cpu.CoreModel;

/**
 * How a device's interrupt reaches the driver of a guest that drives its device: the guest half of
 * its I/O model (exits, or none when posted). Lets the host's SR-IOV mailbox charge a VF driver's
 * reply without knowing the guest's side.
 */
@FunctionalInterface
public interface InterruptDelivery {
  /** Returns when the handler may run on {@code vcpu}, for an interrupt raised at {@code nowPs}. */
  long deliver(CoreModel vcpu, long nowPs);
}
