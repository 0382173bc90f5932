package io.vioemu.guest.netperf;

/** What a netperf endpoint sees of its socket, TCP or UDP alike. */
interface AppSocket {
  /** True if a send of {@code bytes} would not block. */
  boolean canSend(int bytes);

  /** The send call's copy is done: the data enters the socket. */
  void write(int bytes, long nowPs);

  /** Bytes the next read may return: all queued data (TCP), the next datagram (UDP), or 0. */
  long readable();

  /** The read call's copy is done: consume up to {@code maxBytes}; returns what was consumed. */
  long read(long maxBytes, long nowPs);

  /**
   * Payload bytes the socket has taken from the network so far, each once, when they arrived (see
   * {@link io.vioemu.stack.tcp.TcpConnection#acceptedBytes()}): what goodput counts.
   */
  long acceptedBytes();

  /** Payload bytes received in order so far (read or readable); a datagram socket has no order. */
  default long inOrderBytes() {
    throw new UnsupportedOperationException("a datagram socket has no byte order");
  }

  /** Bytes the peer has acknowledged (TCP); a datagram socket has no acknowledgements. */
  default long ackedBytes() {
    throw new UnsupportedOperationException("a datagram socket has no acknowledgements");
  }
}
