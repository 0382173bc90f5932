package io.vioemu.host.netperf;

/**
 * One end of a netperf flow on a host.
 *
 * @param flowId the connection (TCP) or socket pair (UDP), the same at both ends
 * @param peerMac the other end's host
 * @param client true on the netperf side, false on the netserver side
 * @param startPs when the client starts its test
 * @param stopPs from when the flow's sender starts no new message or transaction (what is queued
 *     still drains, as at the end of a netperf test)
 * @param sizeBytes a finite flow's bytes: its sender writes that many and the flow is complete when
 *     they have all arrived in order; 0: a bulk flow that sends until {@code stopPs}
 */
public record FlowEnd(
    int flowId, long peerMac, boolean client, long startPs, long stopPs, long sizeBytes) {

  /** A bulk flow's end. */
  public FlowEnd(int flowId, long peerMac, boolean client, long startPs, long stopPs) {
    this(flowId, peerMac, client, startPs, stopPs, 0);
  }

  /** Whether the flow carries {@link #sizeBytes} and then closes. */
  public boolean finite() {
    return sizeBytes > 0;
  }
}
