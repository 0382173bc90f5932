package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.stack.tcp.TcpConnection;
import io.vioemu.stack.tcp.TcpCounters;

/** A connection's state and counters as metrics. */
final class TcpMetrics {
  private TcpMetrics() {}

  static void report(TcpConnection c, String prefix, MetricSink sink) {
    TcpCounters k = c.counters();
    sink.put(prefix + "cwndBytes", c.cwndBytes());
    sink.put(
        prefix + "ssthreshBytes", c.ssthreshBytes() == Long.MAX_VALUE ? -1 : c.ssthreshBytes());
    sink.put(prefix + "srttPs", c.srttPs());
    sink.put(prefix + "minRttPs", c.minRttPs());
    sink.put(prefix + "rtoPs", c.rtoPs());
    sink.put(prefix + "bytesAcked", c.ackedBytes());
    sink.put(prefix + "segmentsSent", k.segmentsSent());
    sink.put(prefix + "dataSegmentsSent", k.dataSegmentsSent());
    sink.put(prefix + "pureAcksSent", k.pureAcksSent());
    sink.put(prefix + "retransmittedSegments", k.retransmittedSegments());
    sink.put(prefix + "retransmittedBytes", k.retransmittedBytes());
    sink.put(prefix + "fastRetransmits", k.fastRetransmits());
    sink.put(prefix + "timeouts", k.timeouts());
    sink.put(prefix + "segmentsReceived", k.segmentsReceived());
    sink.put(prefix + "outOfOrderSegments", k.outOfOrderSegments());
    sink.put(prefix + "duplicateSegments", k.duplicateSegments());
    sink.put(prefix + "delayedAcksFired", k.delayedAcksFired());
    sink.put(prefix + "windowProbes", k.windowProbes());
    sink.put(prefix + "sackBlocksSent", k.sackBlocksSent());
    sink.put(prefix + "sackRecoveries", k.sackRecoveries());
    sink.put(prefix + "lostRetransmits", k.lostRetransmits());
  }
}
