package io.vioemu.host.virt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a host's software reaches its NIC. */
public enum IoModel {
  /** The OS drives the physical NIC: no hypervisor. */
  BARE_METAL,
  /** An e1000-style device emulated in host user space: every register access is a VM exit. */
  EMULATION,
  /** virtio-net with a vhost back-end in the host kernel; ring notifications batched. */
  VIRTIO,
  /** Xen netfront/netback: a driver domain grant-copies and bridges. */
  XEN,
  /** The guest drives the physical NIC itself; interrupts cost exits unless posted. */
  PASSTHROUGH,
  /** A virtual function of a self-virtualizing NIC, driven by the guest like pass-through. */
  SRIOV;

  /** The parameter spelling: {@code bare-metal}, {@code emulation}, ... */
  public String paramName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static IoModel fromParam(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** Every model's parameter spelling, in declaration order (a parameter's choices). */
  public static List<String> paramNames() {
    return Arrays.stream(values()).map(IoModel::paramName).toList();
  }

  /** Whether a VM exists at all. */
  public boolean virtualized() {
    return this != BARE_METAL;
  }

  /** Whether the guest's driver owns the device (no software back-end in the data path). */
  public boolean directAssignment() {
    return this == PASSTHROUGH || this == SRIOV || this == BARE_METAL;
  }
}
