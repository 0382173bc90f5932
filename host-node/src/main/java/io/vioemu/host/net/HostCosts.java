package io.vioemu.host.net;

import io.vioemu.fabric.kernel.ModelParams;

/**
 * Per-operation CPU costs of a host's network path, in cycles. Where the numbers come from is the
 * calibration profile's business (each constant with its source); this record only validates.
 *
 * @param clockHz core clock
 * @param rxInterruptCycles interrupt entry and exit, per received frame (no coalescing)
 * @param rxDriverCyclesPerFrame driver RX: descriptor, buffer refill, hand-off to the stack
 * @param rxStackCyclesPerFrame IP and transport receive processing
 * @param rxCopyCyclesPerByte copying payload to the application (socket layer)
 * @param rxAppCyclesPerFrame the application's per-message work (one message per frame)
 * @param txAppCyclesPerFrame the application's send call, per frame
 * @param txCopyCyclesPerByte copying payload from the application (socket layer)
 * @param txStackCyclesPerFrame transport and IP send processing
 * @param txDriverCyclesPerFrame driver TX: descriptor and doorbell
 */
public record HostCosts(
    long clockHz,
    long rxInterruptCycles,
    long rxDriverCyclesPerFrame,
    long rxStackCyclesPerFrame,
    long rxCopyCyclesPerByte,
    long rxAppCyclesPerFrame,
    long txAppCyclesPerFrame,
    long txCopyCyclesPerByte,
    long txStackCyclesPerFrame,
    long txDriverCyclesPerFrame) {

  public HostCosts {
    if (clockHz <= 0) {
      throw new IllegalArgumentException("clockHz must be > 0, was " + clockHz);
    }
    long[] all = {
      rxInterruptCycles,
      rxDriverCyclesPerFrame,
      rxStackCyclesPerFrame,
      rxCopyCyclesPerByte,
      rxAppCyclesPerFrame,
      txAppCyclesPerFrame,
      txCopyCyclesPerByte,
      txStackCyclesPerFrame,
      txDriverCyclesPerFrame
    };
    for (long c : all) {
      if (c < 0) {
        throw new IllegalArgumentException("cycle costs must be >= 0, got " + c);
      }
    }
  }

  /** Free software: the host is never CPU-bound (a hardware traffic generator). */
  public static HostCosts free(long clockHz) {
    return new HostCosts(clockHz, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Reads {@code cost.*} parameters (e.g. {@code cost.rxStackCyclesPerFrame}); missing ones are 0.
   */
  public static HostCosts fromParams(ModelParams p) {
    return new HostCosts(
        p.getLong("cost.clockHz", 3_000_000_000L, 1, 1_000_000_000_000L),
        cycles(p, "rxInterruptCycles"),
        cycles(p, "rxDriverCyclesPerFrame"),
        cycles(p, "rxStackCyclesPerFrame"),
        cycles(p, "rxCopyCyclesPerByte"),
        cycles(p, "rxAppCyclesPerFrame"),
        cycles(p, "txAppCyclesPerFrame"),
        cycles(p, "txCopyCyclesPerByte"),
        cycles(p, "txStackCyclesPerFrame"),
        cycles(p, "txDriverCyclesPerFrame"));
  }

  private static long cycles(ModelParams p, String name) {
    return p.getLong("cost." + name, 0, 0, 1L << 40);
  }

  /** The parameter names {@link #fromParams} reads. */
  public static java.util.Set<String> paramNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    names.add("cost.clockHz");
    for (var c : HostCosts.class.getRecordComponents()) {
      if (!c.getName().equals("clockHz")) {
        names.add("cost." + c.getName());
      }
    }
    return names;
  }
}
