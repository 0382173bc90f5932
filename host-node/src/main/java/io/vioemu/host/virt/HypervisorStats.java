package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;

/** Every VM exit (by cause, with its cycles) and every interrupt, for one VM. */
public final class HypervisorStats {
  final long[] exits = new long[ExitCause.values().length];
  long exitCycles;
  long deviceInterrupts;
  long injectedInterrupts;
  long postedInterrupts;
  long exitlessInterrupts;
  long suppressedNotifications;
  long dmas;

  /** A VM exit for {@code cause} whose handling (with the exit itself) costs {@code cycles}. */
  public void exit(ExitCause cause, long cycles) {
    exits[cause.ordinal()]++;
    exitCycles += cycles;
  }

  /** An interrupt injected into the guest (an exit on its way in). */
  public void injected() {
    injectedInterrupts++;
  }

  /** A device interrupt posted to the guest without an exit. */
  public void posted() {
    postedInterrupts++;
  }

  /** A device interrupt the guest took itself, exitless (ELI). */
  public void exitless() {
    exitlessInterrupts++;
  }

  /** A notification the guest skipped because its back-end was busy polling. */
  public void suppressedNotification() {
    suppressedNotifications++;
  }

  public long exits(ExitCause cause) {
    return exits[cause.ordinal()];
  }

  public long totalExits() {
    long sum = 0;
    for (long e : exits) {
      sum += e;
    }
    return sum;
  }

  public long injectedInterrupts() {
    return injectedInterrupts;
  }

  public long postedInterrupts() {
    return postedInterrupts;
  }

  public long exitlessInterrupts() {
    return exitlessInterrupts;
  }

  void reportMetrics(String prefix, MetricSink sink) {
    sink.put(prefix + "vm.exits", totalExits());
    for (ExitCause c : ExitCause.values()) {
      sink.put(prefix + "vm.exits." + c.metricName(), exits[c.ordinal()]);
    }
    sink.put(prefix + "vm.exitCycles", exitCycles);
    sink.put(prefix + "vm.deviceInterrupts", deviceInterrupts);
    sink.put(prefix + "vm.injectedInterrupts", injectedInterrupts);
    sink.put(prefix + "vm.postedInterrupts", postedInterrupts);
    sink.put(prefix + "vm.exitlessInterrupts", exitlessInterrupts);
    sink.put(prefix + "vm.suppressedNotifications", suppressedNotifications);
    sink.put(prefix + "iommu.dmas", dmas);
  }
}
