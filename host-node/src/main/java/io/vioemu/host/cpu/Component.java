package io.vioemu.host.cpu;

import java.util.Locale;

/** The software components whose CPU time is accounted separately. */
public enum Component {
  APPLICATION,
  SOCKET,
  STACK,
  DRIVER,
  INTERRUPT,
  /** VM exits and the hypervisor's handling of them (emulating an access, injecting). */
  HYPERVISOR,
  /** A virtual device's back-end: the emulator, vhost, netback, the host bridge and driver. */
  BACKEND,
  /** The DMA API's IOMMU work: mapping, unmapping, invalidating, bounce copies. */
  IOMMU,
  /** An SR-IOV PF driver serving its virtual functions' mailbox requests. */
  MAILBOX;

  /** The metric-name form, e.g. {@code socket}. */
  public String metricName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
