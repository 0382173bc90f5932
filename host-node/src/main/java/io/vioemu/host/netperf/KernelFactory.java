package io.vioemu.host.netperf;

import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.virt.IoPath;
import java.util.Set;

/**
 * Makes the kernels that live in a host's entity. The host owns the hardware a kernel runs on (its
 * CPUs, its I/O path, how its device reaches it); the kernel is the guest side's, so the model that
 * wires hosts and guests together supplies it and host-node never depends on guest-node.
 */
@FunctionalInterface
public interface KernelFactory {
  /**
   * @param guest the kernel's index among its host's guests
   * @param vcpus its CPUs (the host's shared cores when {@code pooled})
   * @param io its I/O model's path, shared with the host's half
   * @param hostMacs every guest MAC of its host
   * @param scheduler the host entity's events to itself
   * @param device its device, back-end and hypervisor, acting at once
   */
  ResidentKernel create(
      int guest,
      GuestSpec spec,
      CoreModel[] vcpus,
      boolean pooled,
      IoPath io,
      Set<Long> hostMacs,
      EventScheduler scheduler,
      DeviceLink device);
}
