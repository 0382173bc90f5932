package io.vioemu.fabric.ethernet;

import java.util.ArrayDeque;

/**
 * The transmit side of one port: an output queue measured in frame bytes with drop-tail, and a
 * transmitter that sends one frame at a time at line rate. Pure Java; time comes in as an argument.
 */
public final class TxPortModel {
  private final LinkSettings link;
  private final long bufferBytes;
  private final TxPortPorts ports;
  private final ArrayDeque<Frame> queue = new ArrayDeque<>();

  private long queuedBytes;
  private long busyUntilPs;
  private boolean wakePending;
  private final PortCounters counters = new PortCounters();

  /**
   * @param bufferBytes output buffer, in frame bytes (header + payload + FCS)
   */
  public TxPortModel(LinkSettings link, long bufferBytes, TxPortPorts ports) {
    if (bufferBytes < 0) {
      throw new IllegalArgumentException("buffer must be >= 0 bytes, was " + bufferBytes);
    }
    this.link = link;
    this.bufferBytes = bufferBytes;
    this.ports = ports;
  }

  /** Offers a frame: sent at once if the port is idle, queued if it fits, else dropped. */
  public void enqueue(Frame frame, long nowPs) {
    if (frame.payloadBytes() > link.mtuBytes()) {
      counters.oversizeDrops++;
      return;
    }
    if (queue.isEmpty() && busyUntilPs <= nowPs) {
      start(frame, nowPs);
      return;
    }
    if (queuedBytes + frame.frameBytes() > bufferBytes) {
      counters.drops++;
      counters.dropBytes += frame.frameBytes();
      return;
    }
    queue.add(frame);
    queuedBytes += frame.frameBytes();
    counters.maxQueuedBytes = Math.max(counters.maxQueuedBytes, queuedBytes);
    if (!wakePending) {
      wakePending = true;
      ports.wakeAt(busyUntilPs);
    }
  }

  /** The previous frame (and its gap) has left: start the next queued one, if any. */
  public void onTransmitterFree(long nowPs) {
    wakePending = false;
    Frame next = queue.poll();
    if (next == null) {
      return;
    }
    queuedBytes -= next.frameBytes();
    start(next, nowPs);
    if (!queue.isEmpty()) {
      wakePending = true;
      ports.wakeAt(busyUntilPs);
    }
  }

  private void start(Frame frame, long nowPs) {
    busyUntilPs = nowPs + link.busyPs(frame.payloadBytes());
    counters.txFrames++;
    counters.txBytes += frame.frameBytes();
    ports.transmit(frame, nowPs + link.lastBitPs(frame.payloadBytes()) + link.propagationPs());
  }

  public int queuedFrames() {
    return queue.size();
  }

  public PortCounters counters() {
    return counters;
  }
}
