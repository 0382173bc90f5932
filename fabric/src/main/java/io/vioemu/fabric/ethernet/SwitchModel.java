package io.vioemu.fabric.ethernet;

/**
 * An output-queued, store-and-forward, MAC-learning Ethernet switch. A frame is handled once its
 * last bit is in: its source address is learned on the ingress port, then after the forwarding
 * latency it is queued on the port its destination was learned on, or flooded to every other port
 * if the destination is unknown or broadcast. Pure Java.
 */
public final class SwitchModel {
  private final SwitchSettings settings;
  private final SwitchPorts ports;
  private final TxPortModel[] tx;
  private final ForwardingTable table;
  private final long[] lastForwardPs;
  private long floodedFrames;
  private long filteredFrames;

  /** A learning switch. */
  public SwitchModel(SwitchSettings settings, SwitchPorts ports) {
    this(settings, new LearningTable(), ports);
  }

  public SwitchModel(SwitchSettings settings, ForwardingTable table, SwitchPorts ports) {
    this.settings = settings;
    this.table = table;
    this.ports = ports;
    this.tx = new TxPortModel[settings.portCount()];
    this.lastForwardPs = new long[settings.portCount()];
    for (int p = 0; p < tx.length; p++) {
      int port = p;
      tx[p] =
          new TxPortModel(
              settings.links().get(p),
              settings.bufferBytesPerPort(),
              new TxPortPorts() {
                @Override
                public void transmit(Frame frame, long arrivalPs) {
                  ports.transmit(port, frame, arrivalPs);
                }

                @Override
                public void wakeAt(long atPs) {
                  ports.wakeAt(port, atPs);
                }
              });
    }
  }

  /** The last bit of {@code frame} arrived on {@code ingressPort}. */
  public void onFrame(int ingressPort, Frame frame, long nowPs) {
    checkPort(ingressPort);
    table.observe(ingressPort, frame);
    long delayPs = settings.forwardingLatencyPs();
    if (settings.forwardingJitterPs() > 0) {
      delayPs += ports.randomBelow(settings.forwardingJitterPs() + 1);
    }
    if (delayPs == 0) {
      onForwardingDone(ingressPort, frame, nowPs);
      return;
    }
    // frames from one port leave the pipeline in the order they entered it
    long atPs = Math.max(nowPs + delayPs, lastForwardPs[ingressPort]);
    lastForwardPs[ingressPort] = atPs;
    ports.forwardAt(ingressPort, frame, atPs);
  }

  /** The forwarding decision for {@code frame} is made. */
  public void onForwardingDone(int ingressPort, Frame frame, long nowPs) {
    int out = table.route(ingressPort, frame);
    if (out == ForwardingTable.FLOOD) {
      floodedFrames++;
      for (int p = 0; p < tx.length; p++) {
        if (table.floodsTo(ingressPort, p)) {
          tx[p].enqueue(frame, nowPs);
        }
      }
    } else if (out == ingressPort) {
      filteredFrames++;
    } else {
      tx[out].enqueue(frame, nowPs);
    }
  }

  public void onTransmitterFree(int port, long nowPs) {
    tx[port].onTransmitterFree(nowPs);
  }

  public ForwardingTable table() {
    return table;
  }

  public TxPortModel port(int port) {
    checkPort(port);
    return tx[port];
  }

  public long floodedFrames() {
    return floodedFrames;
  }

  /** Frames whose destination sits behind the port they came in on. */
  public long filteredFrames() {
    return filteredFrames;
  }

  private void checkPort(int port) {
    if (port < 0 || port >= tx.length) {
      throw new IllegalArgumentException(
          "switch has no port " + port + " (ports 0.." + (tx.length - 1) + ")");
    }
  }
}
