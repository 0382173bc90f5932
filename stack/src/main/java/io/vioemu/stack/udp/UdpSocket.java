package io.vioemu.stack.udp;

import java.util.ArrayDeque;

/**
 * One UDP socket. Sending charges the datagram to the send buffer until it leaves the host's queue
 * for the NIC, as Linux charges skb memory until the driver frees it, so a sender faster than the
 * wire blocks rather than drops. Receiving queues datagrams until the application reads them; a
 * full receive buffer drops.
 */
public final class UdpSocket {
  private final int flowId;
  private final long sendBufferBytes;
  private final long receiveBufferBytes;
  private final UdpPorts ports;
  private final ArrayDeque<Datagram> received = new ArrayDeque<>();
  private long queuedBelowBytes;
  private long receivedBytes;
  private long acceptedBytes;
  private long nextSeq;
  private long expectedSeq;
  private long datagramsSent;
  private long datagramsReceived;
  private long receiveBufferDrops;
  private long lostOrReordered;

  public UdpSocket(int flowId, long sendBufferBytes, long receiveBufferBytes, UdpPorts ports) {
    if (sendBufferBytes <= 0 || receiveBufferBytes <= 0) {
      throw new IllegalArgumentException("socket buffers must be > 0 bytes");
    }
    this.flowId = flowId;
    this.sendBufferBytes = sendBufferBytes;
    this.receiveBufferBytes = receiveBufferBytes;
    this.ports = ports;
  }

  public int flowId() {
    return flowId;
  }

  public long sendSpaceBytes() {
    return sendBufferBytes - queuedBelowBytes;
  }

  /** The application sends one datagram of {@code lenBytes} (already copied in). */
  public void send(int lenBytes, long nowPs) {
    Datagram d = new Datagram(flowId, nextSeq++, lenBytes);
    queuedBelowBytes += d.packetBytes();
    datagramsSent++;
    ports.transmit(d, nowPs);
  }

  public void onDrained(long packetBytes, long nowPs) {
    queuedBelowBytes -= packetBytes;
    ports.writable(flowId, nowPs);
  }

  public void onDatagram(Datagram d, long nowPs) {
    if (d.seq() != expectedSeq) {
      lostOrReordered++;
    }
    expectedSeq = d.seq() + 1;
    if (receivedBytes + d.lenBytes() > receiveBufferBytes) {
      receiveBufferDrops++;
      return;
    }
    received.add(d);
    receivedBytes += d.lenBytes();
    acceptedBytes += d.lenBytes();
    datagramsReceived++;
    ports.readable(flowId, nowPs);
  }

  /** Size of the next datagram a read returns, or -1 if none waits. */
  public int nextReadableBytes() {
    Datagram d = received.peek();
    return d == null ? -1 : d.lenBytes();
  }

  /** The application reads one datagram (UDP never merges them). */
  public int read() {
    Datagram d = received.poll();
    if (d == null) {
      return -1;
    }
    receivedBytes -= d.lenBytes();
    return d.lenBytes();
  }

  /** Payload bytes of the datagrams the receive buffer took (not those it dropped). */
  public long acceptedBytes() {
    return acceptedBytes;
  }

  public long datagramsSent() {
    return datagramsSent;
  }

  public long datagramsReceived() {
    return datagramsReceived;
  }

  public long receiveBufferDrops() {
    return receiveBufferDrops;
  }

  /** Datagrams that did not follow their predecessor: losses upstream (or reordering). */
  public long sequenceGaps() {
    return lostOrReordered;
  }
}
