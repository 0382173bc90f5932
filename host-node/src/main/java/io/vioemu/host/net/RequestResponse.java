package io.vioemu.host.net;

import io.vioemu.fabric.kernel.MetricSink;
import org.HdrHistogram.Histogram;

/**
 * The client side of netperf's RR tests: one transaction outstanding, its latency from the
 * application issuing the request to the application holding the response. Latencies are kept in an
 * HdrHistogram (3 significant digits) for percentiles, with exact minimum and maximum.
 */
public final class RequestResponse {
  private final int responseBytes;
  private final Histogram latencyPs = new Histogram(3);
  private long startedPs = -1;
  private long transactions;
  private long minPs = Long.MAX_VALUE;
  private long maxPs;

  public RequestResponse(int responseBytes) {
    if (responseBytes < 0) {
      throw new IllegalArgumentException("responseBytes must be >= 0, was " + responseBytes);
    }
    this.responseBytes = responseBytes;
  }

  public int responseBytes() {
    return responseBytes;
  }

  void started(long nowPs) {
    startedPs = nowPs;
  }

  void completed(long nowPs) {
    long latency = nowPs - startedPs;
    latencyPs.recordValue(latency);
    transactions++;
    minPs = Math.min(minPs, latency);
    maxPs = Math.max(maxPs, latency);
  }

  void reportMetrics(MetricSink sink) {
    sink.put("rrTransactions", transactions);
    if (transactions > 0) {
      sink.put("rrLatencyMinPs", minPs);
      sink.put("rrLatencyP50Ps", latencyPs.getValueAtPercentile(50));
      sink.put("rrLatencyP99Ps", latencyPs.getValueAtPercentile(99));
      sink.put("rrLatencyMaxPs", maxPs);
    }
  }
}
