package io.vioemu.stack;

/**
 * What IP carries for a transport: a TCP {@link io.vioemu.stack.tcp.Segment} or a UDP {@link
 * io.vioemu.stack.udp.Datagram} (and, on a host, a packet whose DMA went astray). The type the
 * kernels, drivers and back-ends pass packets as, instead of {@code Object}. Not {@code sealed}:
 * Java allows a sealed type's permitted classes in other packages only inside a named module, and
 * the segment and the datagram belong with their stacks.
 */
public interface Packet {
  /** The connection (TCP) or flow (UDP) the packet belongs to. */
  int flowId();

  /** Bytes of the IP packet: headers and payload. */
  int packetBytes();
}
