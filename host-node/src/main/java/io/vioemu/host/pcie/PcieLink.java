package io.vioemu.host.pcie;

import io.vioemu.fabric.ethernet.Ethernet;
import io.vioemu.fabric.kernel.MetricSink;

/**
 * One NIC's PCIe link, shared by all its queues and virtual functions. Each direction is a FIFO of
 * TLP bytes at {@link PcieSettings#bitsPerSec}: upstream (device to host: DMA writes, read
 * requests) and downstream (host to device: read completions). A transfer is done when its last
 * byte has crossed in both directions; the request-to-completion round trip is not modelled apart
 * from the serialization it causes.
 *
 * <p>Per frame, as the Intel 82599 moves it with the advanced descriptor format (Neugebauer et al.,
 * SIGCOMM 2018, pcie-model niantic.py): receive = fetch the 16-byte descriptor, write the data,
 * write the descriptor back; transmit = fetch the descriptor, read the data, write the descriptor
 * back. Descriptor fetches and write-backs are counted per frame, not batched: a small overcount.
 */
public final class PcieLink {
  /** An advanced receive or transmit descriptor. */
  static final int DESCRIPTOR_BYTES = 16;

  private final PcieSettings s;
  private long upBusyUntilPs;
  private long downBusyUntilPs;
  private long upBytes;
  private long downBytes;
  private long transfers;
  private long rxBacklogBytes;
  private long rxBufferDrops;

  public PcieLink(PcieSettings settings) {
    this.s = settings;
  }

  /** Bytes a frame of {@code payloadBytes} puts in memory: header and data, the FCS stripped. */
  public static int dmaBytes(int payloadBytes) {
    return Ethernet.frameBytes(payloadBytes) - Ethernet.FCS_BYTES;
  }

  /**
   * A frame arrived from the wire: admits it to the receive packet buffer, or drops it when the
   * frames still waiting for their DMA fill the buffer.
   *
   * @return whether the frame was admitted; call {@link #received} when its DMA completes
   */
  public boolean admit(int payloadBytes) {
    int bytes = dmaBytes(payloadBytes);
    if (rxBacklogBytes + bytes > s.rxBufferBytes()) {
      rxBufferDrops++;
      return false;
    }
    rxBacklogBytes += bytes;
    return true;
  }

  /** The DMA of an admitted frame completed: its buffer space is free again. */
  public void received(int payloadBytes) {
    rxBacklogBytes -= dmaBytes(payloadBytes);
  }

  /** The device writes a received frame into host memory; returns when it is there. */
  public long receive(int payloadBytes, long nowPs) {
    int data = dmaBytes(payloadBytes);
    long up = readRequests(DESCRIPTOR_BYTES) + writes(data) + writes(DESCRIPTOR_BYTES);
    long down = completions(DESCRIPTOR_BYTES);
    return transfer(up, down, nowPs);
  }

  /** The device reads a frame to transmit from host memory; returns when it has the frame. */
  public long transmit(int payloadBytes, long nowPs) {
    int data = dmaBytes(payloadBytes);
    long up = readRequests(DESCRIPTOR_BYTES) + readRequests(data) + writes(DESCRIPTOR_BYTES);
    long down = completions(DESCRIPTOR_BYTES) + completions(data);
    return transfer(up, down, nowPs);
  }

  private long transfer(long up, long down, long nowPs) {
    transfers++;
    upBytes += up;
    downBytes += down;
    upBusyUntilPs = Math.max(nowPs, upBusyUntilPs) + Ethernet.serializationPs(up, s.bitsPerSec());
    downBusyUntilPs =
        Math.max(nowPs, downBusyUntilPs) + Ethernet.serializationPs(down, s.bitsPerSec());
    return Math.max(upBusyUntilPs, downBusyUntilPs);
  }

  /** Memory writes carrying {@code bytes}: one TLP per MPS. */
  long writes(int bytes) {
    return bytes + (long) tlps(bytes, s.maxPayloadBytes()) * s.tlpOverheadBytes();
  }

  /** Read requests for {@code bytes}: header-only TLPs, one per MRRS. */
  long readRequests(int bytes) {
    return (long) tlps(bytes, s.maxReadRequestBytes()) * s.tlpOverheadBytes();
  }

  /** Completions returning {@code bytes}: one TLP per MPS. */
  long completions(int bytes) {
    return writes(bytes);
  }

  private static int tlps(int bytes, int perTlp) {
    return (bytes + perTlp - 1) / perTlp;
  }

  public long rxBufferDrops() {
    return rxBufferDrops;
  }

  public void reportMetrics(MetricSink sink) {
    sink.put("pcie.transfers", transfers);
    sink.put("pcie.upstreamBytes", upBytes);
    sink.put("pcie.downstreamBytes", downBytes);
    sink.put("pcie.rxBufferDrops", rxBufferDrops);
  }
}
