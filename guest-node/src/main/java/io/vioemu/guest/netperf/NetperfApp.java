package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.netperf.FlowEnd;
import io.vioemu.host.netperf.IntervalCounts;
import io.vioemu.host.netperf.NetperfSettings;
import io.vioemu.host.netperf.NetperfTest;
import org.HdrHistogram.Histogram;

/**
 * One netperf or netserver process on one flow: a single thread that makes blocking send and
 * receive calls, each costing cycles on the application core. Stream senders write messages while
 * the socket takes them; receivers read whatever has arrived, up to the receive size; RR clients
 * keep one transaction outstanding and record its latency from the request's send call to the
 * response's last read.
 */
final class NetperfApp implements GuestApp {
  private enum Role {
    SENDER,
    RECEIVER,
    RR_CLIENT,
    RR_SERVER
  }

  private final FlowEnd end;
  private final NetperfSettings settings;
  private final Role role;
  private final AppSocket socket;
  private final AppCpu cpu;
  private boolean started;
  private boolean busy;
  private boolean callIsSend;
  private int callBytes;
  private boolean awaitingReply;
  private long wantBytes;
  private long transactionStartPs;

  private long messagesSent;
  private long bytesRead;
  private long measuredBytes;
  private long bytesReceived;
  private long transactions;
  private long measuredTransactions;

  /** RR clients' latencies (null for other roles: a finite flow's many apps need no histogram). */
  private final Histogram latencyPs;

  /** A finite flow's sender: bytes its send calls have taken so far. */
  private long bytesWritten;

  /** A finite flow's receiver: when its last byte arrived in order, or -1. */
  private long completedPs = -1;

  private long latencyMinPs = Long.MAX_VALUE;
  private long latencyMaxPs;

  /** Bytes received per series interval (see {@link NetperfSettings#seriesIntervalPs}), or null. */
  private final IntervalCounts bytesReceivedPerInterval;

  NetperfApp(FlowEnd end, NetperfSettings settings, AppSocket socket, AppCpu cpu) {
    this.end = end;
    this.settings = settings;
    this.socket = socket;
    this.cpu = cpu;
    long seriesPs = settings.seriesIntervalPs();
    this.bytesReceivedPerInterval = seriesPs > 0 ? new IntervalCounts(seriesPs) : null;
    NetperfTest test = settings.test();
    if (test.requestResponse()) {
      role = end.client() ? Role.RR_CLIENT : Role.RR_SERVER;
    } else {
      role = end.client() != test.serverSends() ? Role.SENDER : Role.RECEIVER;
    }
    // Servers and receivers are ready from the start; a client begins at its start time.
    started = !end.client() || role == Role.RECEIVER;
    latencyPs = role == Role.RR_CLIENT ? new Histogram(3) : null;
    if (role == Role.RR_SERVER) {
      awaitingReply = true;
      wantBytes = settings.messageBytes();
    }
  }

  @Override
  public FlowEnd end() {
    return end;
  }

  @Override
  public void start(long nowPs) {
    started = true;
    pump(nowPs);
  }

  @Override
  public void onSocketEvent(long nowPs) {
    pump(nowPs);
  }

  @Override
  public void onCallDone(long nowPs) {
    busy = false;
    if (callIsSend) {
      socket.write(callBytes, nowPs);
      messagesSent++;
      if (role == Role.RR_CLIENT || role == Role.RR_SERVER) {
        awaitingReply = true;
        wantBytes = role == Role.RR_CLIENT ? settings.responseBytes() : settings.messageBytes();
      }
    } else {
      long n = socket.read(callBytes, nowPs);
      bytesRead += n;
      if (awaitingReply) {
        wantBytes -= n;
        if (wantBytes <= 0) {
          awaitingReply = false;
          if (role == Role.RR_CLIENT) {
            completeTransaction(nowPs);
          }
        }
      }
    }
    pump(nowPs);
  }

  /**
   * The socket took data from the network. Goodput counts bytes here, when they arrive, rather than
   * when the application reads them: data held behind a hole, or queued while the application was
   * busy, would otherwise count in the interval it is read in and push that interval's rate past
   * the path's.
   */
  @Override
  public void onArrivals(long nowPs) {
    long n = socket.acceptedBytes() - bytesReceived;
    if (n <= 0) {
      return;
    }
    bytesReceived += n;
    if (measuring(nowPs)) {
      measuredBytes += n;
    }
    if (bytesReceivedPerInterval != null) {
      bytesReceivedPerInterval.add(nowPs, n);
    }
    if (end.finite() && completedPs < 0 && socket.inOrderBytes() >= end.sizeBytes()) {
      completedPs = nowPs;
    }
  }

  /**
   * A finite flow's end is done with its connection: the sender's bytes are all acknowledged, the
   * receiver's all arrived in order.
   */
  boolean finished() {
    if (!end.finite()) {
      return false;
    }
    return role == Role.SENDER ? socket.ackedBytes() >= end.sizeBytes() : completedPs >= 0;
  }

  /** A finite flow's completion time at its receiver: from its start to its last byte in order. */
  long fctPs() {
    return completedPs - end.startPs();
  }

  long measuredBytes() {
    return measuredBytes;
  }

  /** Within the measured interval and before this flow's own stop. */
  private boolean measuring(long nowPs) {
    return nowPs >= settings.warmupPs() && nowPs < settings.stopPs() && nowPs < end.stopPs();
  }

  private void completeTransaction(long nowPs) {
    long latency = nowPs - transactionStartPs;
    transactions++;
    if (measuring(nowPs)) {
      measuredTransactions++;
      latencyPs.recordValue(latency);
      latencyMinPs = Math.min(latencyMinPs, latency);
      latencyMaxPs = Math.max(latencyMaxPs, latency);
    }
  }

  private void pump(long nowPs) {
    if (busy || !started) {
      return;
    }
    switch (role) {
      case SENDER -> {
        if (end.finite()) {
          long left = end.sizeBytes() - bytesWritten;
          if (left > 0 && trySend((int) Math.min(settings.messageBytes(), left), nowPs)) {
            bytesWritten += callBytes;
          }
        } else if (nowPs < end.stopPs()) {
          trySend(settings.messageBytes(), nowPs);
        }
      }
      case RECEIVER -> tryReceive(Long.MAX_VALUE, nowPs);
      case RR_CLIENT -> {
        if (awaitingReply) {
          tryReceive(wantBytes, nowPs);
        } else if (nowPs < end.stopPs() && trySend(settings.messageBytes(), nowPs)) {
          transactionStartPs = nowPs;
        }
      }
      case RR_SERVER -> {
        if (awaitingReply) {
          tryReceive(wantBytes, nowPs);
        } else {
          trySend(settings.responseBytes(), nowPs);
        }
      }
    }
  }

  private boolean trySend(int bytes, long nowPs) {
    if (!socket.canSend(bytes)) {
      return false; // the socket's writable callback resumes us
    }
    busy = true;
    callIsSend = true;
    callBytes = bytes;
    cpu.sendCall(this, bytes, nowPs);
    return true;
  }

  private void tryReceive(long limit, long nowPs) {
    long available = socket.readable();
    if (available <= 0) {
      return;
    }
    busy = true;
    callIsSend = false;
    callBytes = (int) Math.min(Math.min(available, limit), settings.receiveCallBytes());
    if (!settings.test().tcp()) {
      callBytes = (int) available; // a UDP read returns exactly one datagram
    }
    cpu.receiveCall(this, callBytes, nowPs);
  }

  @Override
  public void reportMetrics(String prefix, MetricSink sink) {
    if (bytesReceivedPerInterval != null) {
      bytesReceivedPerInterval.report("series." + prefix + "bytesReceived.", sink);
    }
    sink.put(prefix + "messagesSent", messagesSent);
    sink.put(prefix + "bytesRead", bytesRead);
    sink.put(prefix + "bytesReceived", bytesReceived);
    sink.put(prefix + "measuredBytes", measuredBytes);
    if (role == Role.RR_CLIENT) {
      sink.put(prefix + "transactions", transactions);
      sink.put(prefix + "measuredTransactions", measuredTransactions);
      if (measuredTransactions > 0) {
        sink.put(prefix + "latencyMinPs", latencyMinPs);
        sink.put(prefix + "latencyP50Ps", latencyPs.getValueAtPercentile(50));
        sink.put(prefix + "latencyP90Ps", latencyPs.getValueAtPercentile(90));
        sink.put(prefix + "latencyP99Ps", latencyPs.getValueAtPercentile(99));
        sink.put(prefix + "latencyMaxPs", latencyMaxPs);
      }
    }
  }
}
