package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NIC offloads and interrupt moderation against the cycles they save; UDP_RR and TCP_MAERTS; many
 * staggered flows; identical results on every placement. All hosts run at 2 GHz: 500 ps a cycle.
 */
class NetperfOffloadTest {
  private static final long PS_PER_CYCLE = 500; // 2 GHz
  private static final long MS = 1_000_000_000L;
  private static final int MSS = 1448; // MTU 1500 - IP 20 - TCP 20 - timestamps 12

  /** TCP_STREAM over 10GbE with timestamps: 1448 data bytes per 1538 bytes on the wire. */
  private static final double LINE_GOODPUT = 1448.0 / 1538 * 10e9;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("offload", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Map<String, String> params(String test, String... kv) {
    Map<String, String> p = new HashMap<>(Map.of("test", test, "cost.clockHz", "2000000000"));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static long stackPs(NetperfRun r, int host) {
    return r.get(host, "core0.stackPs") + r.get(host, "core1.stackPs");
  }

  // ---- TSO ----

  @Test
  void shouldSendMuchFasterWithFewerStackCyclesPerByteWhenTsoIsOn() {
    // 20,000 cycles per packet handed down = 10 us at 2 GHz. Without TSO every 1448-byte segment
    // pays it, and the send calls run on core 1 and queue behind that core's stack work (a send
    // call waits for the core, and the write then sends everything the window allows on core 1):
    // 100,000 segments/s = 1.158 Gb/s. With TSO one pass covers up to 45 segments (64 KB: 52 + 45
    // x 1448 <= 65,536), 10 us per 55 us of wire: the link is the limit again. GRO is on in both
    // runs because pure ACKs pay the same 10 us: without GRO the receiver ACKs every second
    // segment and would itself cap at 200,000 segments/s; with GRO it ACKs once per aggregate.
    long end = 20 * MS;
    long warmup = 5 * MS;
    NetperfRun[] runs = new NetperfRun[2];
    for (int i = 0; i < 2; i++) {
      runs[i] =
          NetperfRun.run(
              kit,
              params(
                  "TCP_STREAM",
                  "cores",
                  "2",
                  "warmupPs",
                  "" + warmup,
                  "nic.tso",
                  "" + (i == 1),
                  "nic.gro",
                  "true",
                  "cost.txStackCyclesPerFrame",
                  "20000"),
              1,
              end);
    }
    NetperfRun plain = runs[0];
    NetperfRun tso = runs[1];
    long passPs = 20_000 * PS_PER_CYCLE;
    double cap = 2e9 / 20_000 * MSS * 8;
    double plainGoodput = plain.goodputBitsPerSec(1, 0, warmup);
    double tsoGoodput = tso.goodputBitsPerSec(1, 0, warmup);
    // the sender sends no pure ACK (it receives no data): every stack pass is one data packet
    assertEquals(0, plain.get(0, "flow0.pureAcksSent"));
    assertEquals(plain.get(0, "flow0.dataSegmentsSent") * passPs, stackPs(plain, 0));
    assertEquals(tso.get(0, "flow0.dataSegmentsSent") * passPs, stackPs(tso, 0));
    double plainPerByte =
        (double) stackPs(plain, 0) / PS_PER_CYCLE / plain.get(0, "flow0.bytesAcked");
    double tsoPerByte = (double) stackPs(tso, 0) / PS_PER_CYCLE / tso.get(0, "flow0.bytesAcked");
    System.out.printf(
        "TSO off: %.3f Gb/s (cap %.3f), %.3f stack cycles/byte, %d passes; TSO on: %.3f Gb/s,"
            + " %.3f stack cycles/byte, %d passes for %d frames%n",
        plainGoodput / 1e9,
        cap / 1e9,
        plainPerByte,
        plain.get(0, "flow0.dataSegmentsSent"),
        tsoGoodput / 1e9,
        tsoPerByte,
        tso.get(0, "flow0.dataSegmentsSent"),
        tso.get(0, "txFrames"));
    assertTrue(plainGoodput <= cap * 1.001, "never faster than one core's passes: " + plainGoodput);
    assertTrue(plainGoodput >= cap * 0.95, "the sending core stays fed: " + plainGoodput);
    assertEquals(LINE_GOODPUT, tsoGoodput, LINE_GOODPUT * 0.01, "TSO: the link is the limit");
    // acked bytes trail the bytes sent, so per acked byte is at least the per-segment ratio
    assertTrue(plainPerByte >= 20_000.0 / MSS, "a pass per segment: " + plainPerByte);
    assertTrue(tsoPerByte >= 20_000.0 / (45 * MSS), "at most 45 segments a pass: " + tsoPerByte);
    assertTrue(tsoPerByte < plainPerByte / 10, "TSO: " + tsoPerByte + " vs " + plainPerByte);
  }

  // ---- GRO ----

  @Test
  void shouldRaiseGoodputAndMergeFramesWhenGroIsOnAndTheReceiverIsCpuBound() {
    // 20,000 stack cycles per packet = 10 us: without GRO the receiver takes 100,000 packets/s,
    // 1.158 Gb/s. With GRO each frame costs 200 cycles (0.1 us) and an aggregate one stack pass:
    // while the core spends 10 us on one aggregate, 10 / 1.2304 = 8.1 frames land (1538 bytes at
    // 10 Gb/s each), so aggregates of about 9 frames carry the line rate with room to spare.
    long end = 20 * MS;
    long warmup = 5 * MS;
    NetperfRun[] runs = new NetperfRun[2];
    for (int i = 0; i < 2; i++) {
      runs[i] =
          NetperfRun.run(
              kit,
              params(
                  "TCP_STREAM",
                  "cores",
                  "2",
                  "warmupPs",
                  "" + warmup,
                  "nic.gro",
                  "" + (i == 1),
                  "tcp.minRtoPs",
                  "5000000000",
                  "rxRingFrames",
                  "4096",
                  "cost.rxStackCyclesPerFrame",
                  "20000",
                  "cost.rxGroCyclesPerFrame",
                  "200"),
              1,
              end);
    }
    NetperfRun plain = runs[0];
    NetperfRun gro = runs[1];
    double cap = 2e9 / 20_000 * MSS * 8;
    double plainGoodput = plain.goodputBitsPerSec(1, 0, warmup);
    double groGoodput = gro.goodputBitsPerSec(1, 0, warmup);
    double plainRatio = (double) plain.get(1, "rxStackPackets") / plain.get(1, "rxFrames");
    double groRatio = (double) gro.get(1, "rxStackPackets") / gro.get(1, "rxFrames");
    System.out.printf(
        "GRO off: %.3f Gb/s (cap %.3f), %.4f stack packets/frame; GRO on: %.3f Gb/s,"
            + " %.4f stack packets/frame%n",
        plainGoodput / 1e9, cap / 1e9, plainRatio, groGoodput / 1e9, groRatio);
    assertEquals(
        plain.get(1, "rxFrames"), plain.get(1, "rxStackPackets"), "without GRO: a pass a frame");
    assertTrue(plainGoodput <= cap * 1.001, "never faster than the cycles allow: " + plainGoodput);
    assertTrue(plainGoodput >= cap * 0.9, "TCP keeps the receiving core fed: " + plainGoodput);
    assertTrue(groGoodput > 3 * plainGoodput, "GRO: " + groGoodput + " vs " + plainGoodput);
    assertEquals(LINE_GOODPUT, groGoodput, LINE_GOODPUT * 0.01, "GRO: the link is the limit");
    // Steady state: an aggregate of n frames takes 10 + 0.1 n us, during which the next n frames
    // land at 1.2304 us each: n = 10 / (1.2304 - 0.1) = 8.85, 0.113 stack packets per frame.
    double expectedRatio = (1.2304 - 0.1) / 10;
    assertTrue(groRatio >= 1.0 / 45, "an aggregate holds at most 45 segments: " + groRatio);
    assertEquals(expectedRatio, groRatio, expectedRatio * 0.05, "aggregates of about 9 frames");
  }

  // ---- checksum offload ----

  @Test
  void shouldSpendCyclesPerByteAndLoseGoodputWhenChecksumOffloadIsOff() {
    // 4,000 stack cycles per packet (2 us) caps the receiver at 500,000 packets/s = 5.792 Gb/s
    // with checksum offload. Without it the CPU verifies 4 cycles per packet byte: 1,500 x 4 =
    // 6,000 cycles (3 us) more per full packet, 5 us in all: 200,000 packets/s = 2.317 Gb/s.
    long end = 20 * MS;
    long warmup = 5 * MS;
    NetperfRun[] runs = new NetperfRun[2];
    for (int i = 0; i < 2; i++) {
      runs[i] =
          NetperfRun.run(
              kit,
              params(
                  "TCP_STREAM",
                  "cores",
                  "2",
                  "warmupPs",
                  "" + warmup,
                  "nic.checksumOffload",
                  "" + (i == 0),
                  "tcp.minRtoPs",
                  "5000000000",
                  "rxRingFrames",
                  "4096",
                  "cost.rxStackCyclesPerFrame",
                  "4000",
                  "cost.rxChecksumMilliCyclesPerByte",
                  "4000"),
              1,
              end);
    }
    NetperfRun offload = runs[0];
    NetperfRun software = runs[1];
    long passPs = 4_000 * PS_PER_CYCLE;
    long checksumPsPerByte = 4 * PS_PER_CYCLE;
    // the receiver's core 0 runs every stack pass; its own ACKs cost no stack cycles here
    assertEquals(
        offload.get(1, "rxStackPackets") * passPs, offload.get(1, "core0.stackPs"), "offload");
    long extra = software.get(1, "core0.stackPs") - software.get(1, "rxStackPackets") * passPs;
    assertEquals(
        software.get(1, "rxPayloadBytes") * checksumPsPerByte,
        extra,
        "4 cycles (2 ns) per received packet byte");
    double offloadGoodput = offload.goodputBitsPerSec(1, 0, warmup);
    double softwareGoodput = software.goodputBitsPerSec(1, 0, warmup);
    double offloadCap = 2e9 / 4_000 * MSS * 8;
    double softwareCap = 2e9 / (4_000 + 1_500 * 4) * MSS * 8;
    System.out.printf(
        "checksum offload: %.3f Gb/s (cap %.3f); software: %.3f Gb/s (cap %.3f),"
            + " %d ps extra for %d bytes%n",
        offloadGoodput / 1e9,
        offloadCap / 1e9,
        softwareGoodput / 1e9,
        softwareCap / 1e9,
        extra,
        software.get(1, "rxPayloadBytes"));
    assertTrue(offloadGoodput <= offloadCap * 1.001, "offload cap: " + offloadGoodput);
    assertTrue(offloadGoodput >= offloadCap * 0.9, "offload: CPU-bound: " + offloadGoodput);
    assertTrue(softwareGoodput <= softwareCap * 1.001, "software cap: " + softwareGoodput);
    assertTrue(softwareGoodput >= softwareCap * 0.9, "software: CPU-bound: " + softwareGoodput);
  }

  // ---- TCP_MAERTS ----

  @Test
  void shouldStreamFromServerToClientWhenTheTestIsTcpMaerts() {
    // the reverse of TCP_STREAM with free CPU: the link limits it to 1448 / 1538 of 10 Gb/s
    long end = 20 * MS;
    long warmup = 5 * MS;
    NetperfRun r = NetperfRun.run(kit, params("TCP_MAERTS", "warmupPs", "" + warmup), 1, end);
    double goodput = r.goodputBitsPerSec(0, 0, warmup);
    System.out.printf(
        "TCP_MAERTS: server wrote %d messages; client read %d bytes (%.3f Gb/s), server read %d%n",
        r.get(1, "flow0.messagesSent"),
        r.get(0, "flow0.measuredBytes"),
        goodput / 1e9,
        r.get(1, "flow0.measuredBytes"));
    assertTrue(r.get(1, "flow0.messagesSent") > 0, "netserver writes the stream");
    assertEquals(0, r.get(1, "flow0.measuredBytes"), "the server reads nothing");
    assertEquals(0, r.get(1, "flow0.bytesRead"));
    assertEquals(0, r.get(0, "flow0.dataSegmentsSent"), "the client sends only ACKs");
    assertTrue(
        r.get(0, "flow0.bytesRead") <= r.get(1, "flow0.messagesSent") * 16_384,
        "the client reads only what the server wrote, 16 KB a message");
    assertEquals(LINE_GOODPUT, goodput, LINE_GOODPUT * 0.005, "measured at the client");
  }

  // ---- UDP_RR ----

  @Test
  void shouldTakeExactlyTheSumOfModeledDelaysWhenUdpRrRuns() {
    long end = 2 * MS;
    NetperfRun r =
        NetperfRun.run(
            kit,
            params(
                "UDP_RR",
                "messageBytes",
                "100",
                "responseBytes",
                "300",
                "forwardingJitterPs",
                "0",
                "cost.txSyscallCycles",
                "900",
                "cost.txAppCyclesPerMessage",
                "100",
                "cost.txCopyMilliCyclesPerByte",
                "2000",
                "cost.txStackCyclesPerFrame",
                "1500",
                "cost.txDriverCyclesPerFrame",
                "500",
                "cost.rxInterruptCycles",
                "1200",
                "cost.rxDriverCyclesPerFrame",
                "700",
                "cost.rxStackCyclesPerFrame",
                "2500",
                "cost.rxSyscallCycles",
                "800",
                "cost.rxCopyMilliCyclesPerByte",
                "1000",
                "cost.rxAppCyclesPerMessage",
                "300"),
            1,
            end);
    long request = udpOneWay(100);
    long response = udpOneWay(300);
    // request: send (900 + 100 + 2 x 100 + 1500 + 500) = 3,200 cycles = 1,600,000 ps; wire
    // 2 x ((28 + 100 + 26) x 800 + 1,000,000) = 2,246,400; switch 500,000; receive (1200 + 700 +
    // 2500 + 800 + 100 + 300) = 5,600 cycles = 2,800,000: 7,146,400 ps. Response: 3,600 cycles =
    // 1,800,000; 2 x (354 x 800 + 1,000,000) = 2,566,400; 500,000; 5,800 cycles = 2,900,000:
    // 7,766,400 ps.
    assertEquals(7_146_400, request, "the arithmetic of the request's expectation");
    assertEquals(7_766_400, response, "the arithmetic of the response's expectation");
    // and a DMA over each NIC's PCIe link per frame
    long expected =
        request + response + NetperfHostTest.dmaPs(28 + 100) + NetperfHostTest.dmaPs(28 + 300);
    System.out.printf(
        "UDP_RR: latency min %d max %d ps, expected %d; %d transactions%n",
        r.get(0, "flow0.latencyMinPs"),
        r.get(0, "flow0.latencyMaxPs"),
        expected,
        r.get(0, "flow0.transactions"));
    assertEquals(expected, r.get(0, "flow0.latencyMinPs"));
    assertEquals(expected, r.get(0, "flow0.latencyMaxPs"));
    assertEquals(end / expected, r.get(0, "flow0.transactions"));
    assertEquals(end / expected, r.get(0, "flow0.datagramsReceived"), "one response each");
  }

  /** Send call, IP and driver; two links and the switch; interrupt, driver, stack, receive. */
  private static long udpOneWay(int bytes) {
    long tx = (900 + 100 + 2L * bytes + 1500 + 500) * PS_PER_CYCLE;
    long wire = (28 + bytes + 26) * 800L + 1_000_000; // IP + UDP headers; preamble to FCS
    long rx = (1200 + 700 + 2500 + 800 + bytes + 300) * PS_PER_CYCLE;
    return tx + 2 * wire + 500_000 + rx;
  }

  // ---- interrupt moderation ----

  @Test
  void shouldRaiseFewerInterruptsPerFrameWhenTheNicCoalesces() {
    // With free CPU every poll ends at the instant it starts, so without coalescing each frame
    // finds the ring empty and interrupts: exactly one interrupt per frame. Coalescing 8 frames
    // (or 20 us) makes it one per 8 frames at line rate, where 8 frames take 9.8 us; only the
    // sparse start of slow start waits for the timer with fewer.
    long end = 10 * MS;
    NetperfRun[] runs = new NetperfRun[2];
    for (int i = 0; i < 2; i++) {
      Map<String, String> p = params("TCP_STREAM");
      if (i == 1) {
        p.put("rxCoalesceFrames", "8");
        p.put("rxCoalescePs", "20000000");
      }
      runs[i] = NetperfRun.run(kit, p, 1, end);
    }
    double plain = (double) runs[0].get(1, "rxInterrupts") / runs[0].get(1, "rxFrames");
    double coalesced = (double) runs[1].get(1, "rxInterrupts") / runs[1].get(1, "rxFrames");
    System.out.printf(
        "interrupts per frame: %.4f without coalescing, %.4f with 8 frames / 20 us (%d frames)%n",
        plain, coalesced, runs[1].get(1, "rxFrames"));
    assertEquals(runs[0].get(1, "rxFrames"), runs[0].get(1, "rxInterrupts"));
    assertTrue(runs[1].get(1, "rxFrames") > 5_000, "the stream ran");
    assertTrue(coalesced >= 1.0 / 8, "at most 8 frames an interrupt: " + coalesced);
    assertTrue(coalesced < 0.15, "close to one interrupt per 8 frames: " + coalesced);
  }

  // ---- many flows ----

  @Test
  void shouldStartFlowsInTurnWhenStartsAreStaggered() {
    // flow k starts at k ms; at 2.5 ms flows 0..2 have data and flow 3 has not begun. A flow
    // that started s ago has read at most s x 1448 / 1538 x 10 Gb/s.
    Map<String, String> p = params("TCP_STREAM", "flowsPerHost", "4", "startStaggerPs", "" + MS);
    NetperfRun early = NetperfRun.run(kit, p, 1, 2_500_000_000L);
    long[] bytes = new long[4];
    for (int k = 0; k < 4; k++) {
      bytes[k] = early.get(1, "flow" + k + ".bytesRead");
    }
    System.out.println("bytes read at 2.5 ms: " + Arrays.toString(bytes));
    assertEquals(0, bytes[3], "flow 3 starts at 3 ms");
    for (int k = 0; k < 3; k++) {
      double bound = (2_500_000_000L - k * MS) / 1e12 * LINE_GOODPUT / 8;
      assertTrue(bytes[k] > 0, "flow " + k + " started at " + k + " ms");
      assertTrue(bytes[k] <= bound, "flow " + k + ": " + bytes[k] + " > " + bound);
    }
    // flow 0 had the link to itself for 1 ms: more than flow 2 can have read in its 0.5 ms
    assertTrue(bytes[0] > 0.5e-3 * LINE_GOODPUT / 8, "flow 0: " + bytes[0]);
    assertTrue(bytes[0] > bytes[1] && bytes[0] > bytes[2]);

    NetperfRun late = NetperfRun.run(kit, p, 1, 6 * MS);
    long total = 0;
    for (int k = 0; k < 4; k++) {
      long b = late.get(1, "flow" + k + ".bytesRead");
      System.out.println("flow " + k + " at 6 ms: " + b);
      assertTrue(b > 0, "flow " + k + " carries data by the end");
      total += b;
    }
    assertTrue(total <= 6e-3 * LINE_GOODPUT / 8, "the link bounds the total: " + total);
  }

  // ---- determinism ----

  @Test
  void shouldGiveIdenticalMetricsWhenTheSameScenarioRunsOnOneTwoOrThreePartitions() {
    Map<String, String> p =
        params(
            "TCP_STREAM",
            "hosts",
            "3",
            "senders",
            "2",
            "incastHost",
            "2",
            "cores",
            "2",
            "nic.tso",
            "true",
            "nic.gro",
            "true",
            "rxCoalesceFrames",
            "4",
            "rxCoalescePs",
            "5000000",
            "cost.rxStackCyclesPerFrame",
            "3000",
            "cost.txStackCyclesPerFrame",
            "2000",
            "cost.rxDriverCyclesPerFrame",
            "300",
            "cost.rxGroCyclesPerFrame",
            "100",
            "cost.txCopyMilliCyclesPerByte",
            "250");
    long end = 5 * MS;
    NetperfRun one = NetperfRun.run(kit, p, 1, end);
    assertTrue(one.get(2, "flow0.bytesRead") > 0 && one.get(2, "flow1.bytesRead") > 0);
    for (int partitions = 2; partitions <= 3; partitions++) {
      NetperfRun other = NetperfRun.run(kit, p, partitions, end);
      assertEquals(one.metrics, other.metrics, partitions + " partitions");
      assertEquals(one.checksum, other.checksum, partitions + " partitions");
      assertEquals(one.events, other.events, partitions + " partitions");
    }
  }
}
