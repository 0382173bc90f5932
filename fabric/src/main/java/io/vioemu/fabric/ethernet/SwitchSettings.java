package io.vioemu.fabric.ethernet;

import java.util.List;

/**
 * A switch, validated once.
 *
 * @param links the link of each port, by port index
 * @param bufferBytesPerPort output buffer of every port, in frame bytes
 * @param forwardingLatencyPs store-and-forward decision time, after the last bit is in
 */
public record SwitchSettings(
    List<LinkSettings> links, long bufferBytesPerPort, long forwardingLatencyPs) {
  public SwitchSettings {
    if (links.isEmpty()) {
      throw new IllegalArgumentException("a switch needs at least one port");
    }
    if (bufferBytesPerPort < 0) {
      throw new IllegalArgumentException(
          "port buffer must be >= 0 bytes, was " + bufferBytesPerPort);
    }
    if (forwardingLatencyPs < 0) {
      throw new IllegalArgumentException(
          "forwarding latency must be >= 0 ps, was " + forwardingLatencyPs);
    }
    links = List.copyOf(links);
  }

  public int portCount() {
    return links.size();
  }
}
