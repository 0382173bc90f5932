package io.vioemu.stack.tcp;

/**
 * The congestion-avoidance half of a TCP sender, as Linux's pluggable modules split it: the
 * connection runs slow start, loss detection and recovery; the algorithm decides how the window
 * grows in congestion avoidance and where the slow-start threshold falls after a loss. Windows are
 * in bytes, time in picoseconds. One instance per connection; deterministic (integer arithmetic).
 */
public interface CongestionControl {

  /** The name used in parameters and metrics: {@code newreno}, {@code cubic}. */
  String name();

  /**
   * New data was acknowledged in congestion avoidance ({@code cwndBytes >= ssthreshBytes}, not in
   * recovery).
   *
   * @param cwndBytes the current congestion window
   * @param ackedBytes bytes newly acknowledged by this ACK
   * @param nowPs the time of the ACK
   * @param minRttPs the smallest RTT measured so far on the connection (0 if none yet)
   * @return the new congestion window, in bytes (never below {@code cwndBytes})
   */
  long onAckInAvoidance(long cwndBytes, long ackedBytes, long nowPs, long minRttPs);

  /**
   * A loss was detected (three duplicate ACKs or a retransmission timeout).
   *
   * @param cwndBytes the congestion window when the loss was detected
   * @param nowPs when
   * @return the new slow-start threshold, in bytes, at least two segments
   */
  long ssthreshAfterLoss(long cwndBytes, long nowPs);

  /** A retransmission timeout: the window restarts from one segment. Default: nothing to reset. */
  default void onTimeout(long nowPs) {}
}
