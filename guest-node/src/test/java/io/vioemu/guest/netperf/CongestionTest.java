package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Long TCP flows through one bottleneck port: fair shares, drops, retransmissions, recovery. */
class CongestionTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("cc", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** N senders to host N: the switch port towards host N is the bottleneck. */
  static NetperfRun incast(int n, String congestion, long endPs, long warmupPs, long bufferBytes) {
    Map<String, String> p = new HashMap<>();
    p.put("hosts", "" + (n + 1));
    p.put("senders", "" + n);
    p.put("incastHost", "" + n);
    p.put("test", "TCP_STREAM");
    p.put("tcp.congestion", congestion);
    p.put("warmupPs", "" + warmupPs);
    p.put("switchBufferBytes", "" + bufferBytes);
    // Datacenter practice (ip route ... rto_min): Linux's 200 ms floor is 20,000 RTTs here, and one
    // timeout would stall a flow for most of the measurement (Vasudevan et al., SIGCOMM 2009).
    p.put("tcp.minRtoPs", "5000000000");
    p.put("tcp.queueLimitBytes", "262144");
    return NetperfRun.run(kit, p, 1, endPs);
  }

  static double jain(double[] x) {
    double sum = 0;
    double squares = 0;
    for (double v : x) {
      sum += v;
      squares += v * v;
    }
    return sum * sum / (x.length * squares);
  }

  @ParameterizedTest(name = "N = {0}, {1}")
  @CsvSource({"2, cubic", "8, cubic", "32, cubic", "2, newreno", "8, newreno", "32, newreno"})
  void shouldShareTheBottleneckFairlyWhenNFlowsCompete(int n, String congestion) {
    // CUBIC's plateau makes 32 flows converge more slowly: measure it over longer
    long end = n >= 32 && congestion.equals("cubic") ? 1_000_000_000_000L : 400_000_000_000L;
    long warmup = 100_000_000_000L;
    NetperfRun r = incast(n, congestion, end, warmup, 512 * 1024);
    double[] goodput = new double[n];
    double total = 0;
    long retransmits = 0;
    for (int f = 0; f < n; f++) {
      goodput[f] = r.goodputBitsPerSec(n, f, warmup);
      total += goodput[f];
      retransmits += r.get(f, "flow" + f + ".retransmittedSegments");
    }
    double index = jain(goodput);
    System.out.printf(
        "N=%d %s: Jain %.4f, total %.3f Gb/s, retransmits %d, drops %d, events %d%n",
        n,
        congestion,
        index,
        total / 1e9,
        retransmits,
        r.get(n + 1, "port" + n + ".drops"),
        r.events);
    assertTrue(index >= 0.95, "Jain index " + index + " for " + Arrays.toString(goodput));
    assertTrue(total > 9.0e9, "the bottleneck stays busy: " + total);
  }

  @Test
  void shouldDropRetransmitAndRecoverWhenTheSwitchBufferIsUndersized() {
    // 4 flows into 64 KB of buffer, 43 full frames, against windows of hundreds: drops follow
    long end = 200_000_000_000L;
    long warmup = 50_000_000_000L;
    int n = 4;
    NetperfRun r = incast(n, "newreno", end, warmup, 64 * 1024);
    long drops = r.get(n + 1, "port" + n + ".drops");
    long retransmits = 0;
    long fast = 0;
    double total = 0;
    for (int f = 0; f < n; f++) {
      retransmits += r.get(f, "flow" + f + ".retransmittedSegments");
      fast += r.get(f, "flow" + f + ".fastRetransmits");
      double g = r.goodputBitsPerSec(n, f, warmup);
      assertTrue(g > 0.5e9, "flow " + f + " recovers and keeps sending: " + g);
      total += g;
    }
    System.out.printf(
        "undersized buffer: drops %d, retransmits %d, fast retransmits %d, total %.3f Gb/s%n",
        drops, retransmits, fast, total / 1e9);
    assertTrue(drops > 100, "the switch drops: " + drops);
    assertTrue(retransmits >= drops / 2, "losses are repaired by retransmission");
    assertTrue(fast > 0, "most losses are found by duplicate ACKs");
    assertTrue(total > 8.0e9, "recovered flows keep the bottleneck busy: " + total);
    long outOfOrder = 0;
    for (int f = 0; f < n; f++) {
      outOfOrder += r.get(n, "flow" + f + ".outOfOrderSegments");
    }
    assertTrue(outOfOrder > 0, "the receiver saw the holes the drops left");
  }
}
