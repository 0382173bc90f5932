package io.vioemu.stack.tcp;

/** What a {@link TcpConnection} asks of the host it runs in. */
public interface TcpPorts {

  /** Hands a segment to IP: the host spends the stack and driver cycles and queues the frames. */
  void transmit(Segment segment, long nowPs);

  /**
   * Wake the connection with {@link TcpConnection#onTimer} at {@code atPs}. The connection keeps at
   * most one pending wake per timer and ignores early ones, so a host need not cancel.
   */
  void armTimer(int connId, int timer, long atPs);

  /** In-order data arrived for the application to read. */
  void readable(int connId, long nowPs);

  /** The send buffer has room again. */
  void writable(int connId, long nowPs);
}
