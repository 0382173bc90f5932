package io.vioemu.guest.netperf;

import io.vioemu.fabric.cluster.ClusterShape;
import io.vioemu.fabric.kernel.ModelResults;
import io.vioemu.host.netperf.NetperfSettings;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finite flows' completion times ({@link FiniteFlows}): a flow's FCT runs from its start (when its
 * sender's application makes its first send call; the stack models no handshake, so there is no
 * SYN) to the moment its last byte has arrived in order at the receiving socket. Its slowdown is
 * FCT over its ideal FCT ({@link #idealPs}), a bound no flow can beat. Results, over the flows that
 * start from {@code warmupPs} on and before the run's end:
 *
 * <ul>
 *   <li>{@code fct.flows}, {@code fct.completed}, {@code fct.notCompleted} (by the run's end);
 *   <li>{@code fct.meanPs}, {@code fct.p50Ps}, {@code fct.p99Ps}, {@code fct.p999Ps} and {@code
 *       fct.slowdownMean}, {@code fct.slowdownP50}, {@code fct.slowdownP99}, {@code
 *       fct.slowdownP999} over the completed flows (exact nearest-rank percentiles);
 *   <li>the same under {@code fct.small.} (below 100 KB), {@code fct.medium.} (100 KB to 10 MB) and
 *       {@code fct.large.} (above 10 MB; KB and MB decimal);
 *   <li>{@code fct.openEnds}: connection ends still open at the end (a flow not complete, or a
 *       sender whose last acknowledgement was lost: the stack has no FIN to retry).
 * </ul>
 */
final class FctResults {
  static final long SMALL_BELOW_BYTES = 100_000;
  static final long LARGE_ABOVE_BYTES = 10_000_000;
  private static final int[] PERMILLE = {500, 990, 999};
  private static final String[] NAMES = {"p50", "p99", "p999"};

  private FctResults() {}

  static void derive(
      ClusterShape shape,
      long forwardingPs,
      NetperfSettings settings,
      List<NetperfFlow> flows,
      Map<String, Long> totals,
      long endPs,
      ModelResults.Builder out) {
    String[] buckets = {"fct.", "fct.small.", "fct.medium.", "fct.large."};
    long[][] fct = new long[4][flows.size()];
    double[][] slowdown = new double[4][flows.size()];
    int[] started = new int[4];
    int[] completed = new int[4];
    for (NetperfFlow f : flows) {
      if (!f.finite() || f.startPs() < settings.warmupPs() || f.startPs() >= endPs) {
        continue;
      }
      int b = f.sizeBytes() < SMALL_BELOW_BYTES ? 1 : f.sizeBytes() <= LARGE_ABOVE_BYTES ? 2 : 3;
      started[0]++;
      started[b]++;
      Long t = totals.get("flow" + f.id() + ".fctPs");
      if (t == null) {
        continue;
      }
      double s =
          (double) t / idealPs(shape, forwardingPs, f.clientHost(), f.serverHost(), f.sizeBytes());
      for (int k : new int[] {0, b}) {
        fct[k][completed[k]] = t;
        slowdown[k][completed[k]] = s;
        completed[k]++;
      }
    }
    for (int k = 0; k < buckets.length; k++) {
      put(buckets[k], started[k], Arrays.copyOf(fct[k], completed[k]), slowdown[k], out);
    }
    long open = 0;
    for (Map.Entry<String, Long> e : totals.entrySet()) {
      if (e.getKey().endsWith("finite.openEnds")) {
        open += e.getValue();
      }
    }
    out.scalar("fct.openEnds", open);
  }

  private static void put(
      String prefix, int flows, long[] fct, double[] slowdowns, ModelResults.Builder out) {
    int n = fct.length;
    out.scalar(prefix + "flows", flows);
    out.scalar(prefix + "completed", n);
    out.scalar(prefix + "notCompleted", flows - n);
    if (n == 0) {
      return;
    }
    double[] slow = Arrays.copyOf(slowdowns, n);
    long sum = 0;
    double slowSum = 0;
    for (int i = 0; i < n; i++) {
      sum += fct[i];
      slowSum += slow[i];
    }
    Arrays.sort(fct);
    Arrays.sort(slow);
    out.scalar(prefix + "meanPs", sum / n);
    out.scalar(prefix + "slowdownMean", HostLoadResults.decimal(slowSum / n));
    for (int q = 0; q < PERMILLE.length; q++) {
      int i = rank(n, PERMILLE[q]);
      out.scalar(prefix + NAMES[q] + "Ps", fct[i]);
      out.scalar(
          prefix + "slowdown" + NAMES[q].toUpperCase(Locale.ROOT),
          HostLoadResults.decimal(slow[i]));
    }
  }

  /** The nearest-rank percentile's index: the smallest value with permille/1000 of them at most. */
  static int rank(int n, int permille) {
    return (int) (((long) n * permille + 999) / 1000) - 1;
  }

  /**
   * The least time a flow of {@code sizeBytes} from {@code src} to {@code dst} can take on an idle
   * path: its payload serialized once at the path's bottleneck rate (headers, slow start and host
   * CPU left out), plus the propagation of every link and the forwarding latency of every switch on
   * the path, which its last byte must cross after it left the bottleneck or its first byte before.
   * One-way, as the FCT is (there is no handshake).
   */
  static long idealPs(ClusterShape shape, long forwardingPs, int src, int dst, long sizeBytes) {
    int switches = switchesBetween(shape, src, dst);
    long rate =
        Math.min(shape.hostLinkOf(src).rateBitsPerSec(), shape.hostLinkOf(dst).rateBitsPerSec());
    if (switches > 1 && shape.kind() == ClusterShape.Kind.LEAF_SPINE) {
      int leaf = shape.rackOf(src);
      rate = Math.min(rate, shape.link(leaf, shape.hostsPerEdge()).rateBitsPerSec());
    }
    long serializationPs =
        BigInteger.valueOf(sizeBytes)
            .multiply(BigInteger.valueOf(8 * NetperfResults.PS_PER_SECOND))
            .divide(BigInteger.valueOf(rate))
            .longValueExact();
    long propagationPs = shape.hostLinkOf(src).propagationPs();
    return serializationPs + (switches + 1) * propagationPs + switches * forwardingPs;
  }

  /**
   * Switches between two hosts on a shortest path: their edge switch (same rack); leaf, spine, leaf
   * (leaf-spine); edge, aggregation, edge (same pod) or edge, aggregation, core, aggregation, edge.
   */
  static int switchesBetween(ClusterShape shape, int src, int dst) {
    if (shape.rackOf(src) == shape.rackOf(dst)) {
      return 1;
    }
    if (shape.kind() == ClusterShape.Kind.LEAF_SPINE) {
      return 3;
    }
    int edgesPerPod = shape.hostsPerEdge(); // k/2 edges per pod, k/2 hosts per edge
    return shape.rackOf(src) / edgesPerPod == shape.rackOf(dst) / edgesPerPod ? 3 : 5;
  }
}
