package io.vioemu.host.net;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.cpu.CostRecords;
import java.util.List;
import java.util.Set;

/**
 * Per-operation CPU costs of a host's network path, in cycles; per-byte costs in thousandths of a
 * cycle, since copying a byte takes well under one. Where the numbers come from is the calibration
 * profile's business (each constant with its source); this record only validates.
 *
 * @param clockHz core clock
 * @param rxInterruptCycles interrupt entry and exit, per interrupt
 * @param rxDriverCyclesPerFrame driver RX per frame: descriptor, buffer refill, hand-off
 * @param rxGroCyclesPerFrame merging a frame into a GRO/LRO aggregate (only with GRO on)
 * @param rxStackCyclesPerFrame IP and transport receive processing, per packet the stack sees (one
 *     GRO aggregate counts once)
 * @param rxCopyMilliCyclesPerByte copying payload to the application (socket layer)
 * @param rxChecksumMilliCyclesPerByte verifying checksums in software (no RX checksum offload)
 * @param rxSyscallCycles one receive call of the application
 * @param rxAppCyclesPerMessage the application's own work per message received
 * @param txAppCyclesPerMessage the application's own work per message sent
 * @param txSyscallCycles one send call of the application
 * @param txCopyMilliCyclesPerByte copying payload from the application (socket layer)
 * @param txChecksumMilliCyclesPerByte computing checksums in software (no TX checksum offload)
 * @param txStackCyclesPerFrame transport and IP send processing, per packet handed down (one TSO
 *     super-segment counts once)
 * @param txDriverCyclesPerFrame driver TX: descriptor and doorbell, per packet handed down
 */
public record HostCosts(
    long clockHz,
    long rxInterruptCycles,
    long rxDriverCyclesPerFrame,
    long rxGroCyclesPerFrame,
    long rxStackCyclesPerFrame,
    long rxCopyMilliCyclesPerByte,
    long rxChecksumMilliCyclesPerByte,
    long rxSyscallCycles,
    long rxAppCyclesPerMessage,
    long txAppCyclesPerMessage,
    long txSyscallCycles,
    long txCopyMilliCyclesPerByte,
    long txChecksumMilliCyclesPerByte,
    long txStackCyclesPerFrame,
    long txDriverCyclesPerFrame) {

  public HostCosts {
    if (clockHz <= 0) {
      throw new IllegalArgumentException("clockHz must be > 0, was " + clockHz);
    }
    CostRecords.requireNonNegative(
        HostCosts.class,
        clockHz,
        rxInterruptCycles,
        rxDriverCyclesPerFrame,
        rxGroCyclesPerFrame,
        rxStackCyclesPerFrame,
        rxCopyMilliCyclesPerByte,
        rxChecksumMilliCyclesPerByte,
        rxSyscallCycles,
        rxAppCyclesPerMessage,
        txAppCyclesPerMessage,
        txSyscallCycles,
        txCopyMilliCyclesPerByte,
        txChecksumMilliCyclesPerByte,
        txStackCyclesPerFrame,
        txDriverCyclesPerFrame);
  }

  /** Free software: the host is never CPU-bound (a hardware traffic generator). */
  public static HostCosts free(long clockHz) {
    return new HostCosts(clockHz, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Cycles to touch {@code bytes} at {@code milliCyclesPerByte}, rounded up. */
  public static long perBytes(long milliCyclesPerByte, long bytes) {
    return (Math.multiplyExact(milliCyclesPerByte, bytes) + 999) / 1000;
  }

  /** The core clock; a profile's {@code clockHz} sets it, {@code hosts.clockHz} overrides it. */
  public static final ParamSpec CLOCK_HZ =
      ParamSpec.integer(
              "cost.clockHz",
              3_000_000_000L,
              1,
              1_000_000_000_000L,
              "Core clock; overrides the profile's clockHz.")
          .shownAs("the profile's, else 3_000_000_000");

  /** The {@code cost.*} parameters {@link #fromParams} reads; those missing are 0. */
  public static final List<ParamSpec> PARAMS = CostRecords.params(HostCosts.class, CLOCK_HZ);

  /**
   * Reads {@code cost.*} parameters (e.g. {@code cost.rxStackCyclesPerFrame}); missing ones are 0.
   */
  public static HostCosts fromParams(ModelParams p) {
    return CostRecords.read(HostCosts.class, p, PARAMS);
  }

  /** The parameter names {@link #fromParams} reads. */
  public static Set<String> paramNames() {
    return CostRecords.paramNames(HostCosts.class);
  }
}
