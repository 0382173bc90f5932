package io.vioemu.fabric.ethernet;

import java.util.List;

/**
 * A switch, validated once.
 *
 * @param links the link of each port, by port index
 * @param bufferBytesPerPort output buffer of every port, in frame bytes
 * @param forwardingLatencyPs store-and-forward decision time, after the last bit is in
 * @param forwardingJitterPs up to this much more, uniformly at random per frame (frames from one
 *     port keep their order). Real pipelines vary; a perfectly fixed latency lets periodic senders
 *     phase-lock with a full queue so that one flow takes every freed slot (Floyd and Jacobson, "On
 *     Traffic Phase Effects in Packet-Switched Gateways", 1992).
 */
public record SwitchSettings(
    List<LinkSettings> links,
    long bufferBytesPerPort,
    long forwardingLatencyPs,
    long forwardingJitterPs) {

  /** A switch whose forwarding latency never varies. */
  public SwitchSettings(
      List<LinkSettings> links, long bufferBytesPerPort, long forwardingLatencyPs) {
    this(links, bufferBytesPerPort, forwardingLatencyPs, 0);
  }

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
    if (forwardingJitterPs < 0) {
      throw new IllegalArgumentException(
          "forwarding jitter must be >= 0 ps, was " + forwardingJitterPs);
    }
    links = List.copyOf(links);
  }

  public int portCount() {
    return links.size();
  }
}
