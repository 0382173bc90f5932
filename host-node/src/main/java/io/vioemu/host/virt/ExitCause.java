package io.vioemu.host.virt;

import java.util.Locale;

/** Why a VM exited, as the hypervisor accounts it. */
public enum ExitCause {
  /** A guest access to an emulated device's registers (MMIO or port I/O). */
  MMIO,
  /** An interrupt for the guest arrived while it ran (device interrupt or injection kick). */
  EXTERNAL_INTERRUPT,
  /** The guest wrote its APIC's end-of-interrupt register. */
  EOI,
  /** The guest notified its para-virtual back-end (virtio kick, Xen event channel hypercall). */
  NOTIFY;

  public String metricName() {
    return name().toLowerCase(Locale.ROOT).replace("_i", "I");
  }
}
