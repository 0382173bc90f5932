package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;

/**
 * Builds the host entity at one position of a topology: a traffic generator, a full host, a VM
 * host.
 */
@FunctionalInterface
public interface HostFactory {
  Entity create(int host, long mac, TrafficSpec flow, LinkSettings link, Attachment uplink);

  /** Hosts reduced to their NIC and a packet generator ({@link TrafficHost}). */
  HostFactory TRAFFIC =
      (host, mac, flow, link, uplink) -> new TrafficHost(mac, flow, link, uplink, 64 * 1024);
}
