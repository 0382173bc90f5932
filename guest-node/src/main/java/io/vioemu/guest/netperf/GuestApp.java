package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.netperf.FlowEnd;

/**
 * An application on one socket of a guest: a netperf or netserver process ({@link NetperfApp}), or
 * a hypervisor's migration stream ({@link MigrationStream}). The kernel wakes it at its start time,
 * when a call it made is done, and when its socket changes.
 */
interface GuestApp {
  FlowEnd end();

  /** Its start time came, or a wake-up it asked for ({@link AppCpu#wakeAt}). */
  void start(long nowPs);

  /** The socket became readable or writable, or its peer acknowledged data. */
  void onSocketEvent(long nowPs);

  /** The send or receive call it made is done. */
  void onCallDone(long nowPs);

  /** The socket took data from the network. */
  void onArrivals(long nowPs);

  /** Its counters; {@code prefix} names its flow ({@code flow3.}). */
  void reportMetrics(String prefix, MetricSink sink);
}
