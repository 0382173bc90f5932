package io.vioemu.host.netperf;

import io.vioemu.host.pcie.PcieSettings;
import io.vioemu.host.virt.DmaAttack;

/**
 * A host's devices beyond the NIC's port: its PCIe link, and whether its first guest attacks the
 * host through its device.
 *
 * @param pcie the NIC's PCIe link
 * @param attack what the host's first guest makes its device do ({@code NONE} on every other host)
 * @param attackPs when it does
 */
public record DeviceSettings(PcieSettings pcie, DmaAttack.Kind attack, long attackPs) {
  /** Transmit descriptors, each with a buffer of its own (ixgbe's default ring). */
  public static final int TX_RING_SLOTS = 512;

  /**
   * The driver's buffers, one per descriptor: 2 KiB each, as ixgbe's (see {@link
   * io.vioemu.host.virt.DmaPath}).
   */
  public static final int DMA_BUFFER_BYTES = 2048;

  public DeviceSettings {
    if (pcie == null || attack == null || attackPs < 0) {
      throw new IllegalArgumentException("device settings incomplete: " + this);
    }
  }

  /** Guest memory the rings' DMA buffers take, for {@code rxRingFrames} receive descriptors. */
  public static long ringBufferBytes(int rxRingFrames) {
    return (long) (TX_RING_SLOTS + rxRingFrames) * DMA_BUFFER_BYTES;
  }

  /** The same devices, without an attack. */
  public DeviceSettings peaceful() {
    return new DeviceSettings(pcie, DmaAttack.Kind.NONE, attackPs);
  }
}
