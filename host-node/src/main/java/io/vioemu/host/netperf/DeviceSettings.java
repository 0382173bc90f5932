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
  public DeviceSettings {
    if (pcie == null || attack == null || attackPs < 0) {
      throw new IllegalArgumentException("device settings incomplete: " + this);
    }
  }

  /** The same devices, without an attack. */
  public DeviceSettings peaceful() {
    return new DeviceSettings(pcie, DmaAttack.Kind.NONE, attackPs);
  }
}
