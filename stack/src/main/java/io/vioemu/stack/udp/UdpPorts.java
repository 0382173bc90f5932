package io.vioemu.stack.udp;

/** What a {@link UdpSocket} asks of its host. */
public interface UdpPorts {
  void transmit(Datagram datagram, long nowPs);

  void readable(int flowId, long nowPs);

  void writable(int flowId, long nowPs);
}
