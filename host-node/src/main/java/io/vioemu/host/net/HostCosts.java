package io.vioemu.host.net;

import java.util.Map;

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
  public static HostCosts fromParams(Map<String, String> p) {
    return new HostCosts(
        Long.parseLong(p.getOrDefault("cost.clockHz", "3000000000")),
        get(p, "rxInterruptCycles"),
        get(p, "rxDriverCyclesPerFrame"),
        get(p, "rxStackCyclesPerFrame"),
        get(p, "rxCopyCyclesPerByte"),
        get(p, "rxAppCyclesPerFrame"),
        get(p, "txAppCyclesPerFrame"),
        get(p, "txCopyCyclesPerByte"),
        get(p, "txStackCyclesPerFrame"),
        get(p, "txDriverCyclesPerFrame"));
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

  private static long get(Map<String, String> p, String name) {
    return Long.parseLong(p.getOrDefault("cost." + name, "0"));
  }
}
