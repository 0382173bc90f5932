package io.vioemu.host.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.CoreModel;

/**
 * A kernel that lives in its host's entity (the host's native OS, or a VM on the host's shared
 * cores), as the host sees it: what the host tells it ({@link GuestLink}, acting at once), its own
 * events ({@link KernelEvent}), its CPUs and its metrics. The kernel itself is the guest side's
 * ({@code io.vioemu.guest.netperf.GuestOs}); the host gets it from a {@link KernelFactory}.
 */
public interface ResidentKernel extends GuestLink {
  /** One of the kernel's own events (a {@link KernelEvent}). */
  void onEvent(KernelEvent kind, long word, Object payload, long nowPs);

  /** Every application starts at its time. */
  void start(long nowPs);

  /** The VF driver's probe, for a guest on a virtual function. */
  void bringUpVf(long nowPs);

  /** Its (v)CPUs. */
  CoreModel[] vcpus();

  /**
   * @param withIo report the I/O model's own counters
   */
  void reportMetrics(String prefix, MetricSink sink, boolean withIo);
}
