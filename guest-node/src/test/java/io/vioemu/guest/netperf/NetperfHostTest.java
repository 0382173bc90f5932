package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.vioemu.host.pcie.PcieLink;
import io.vioemu.host.pcie.PcieSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where the time goes on a host: CPU-bound limits, per-call and per-byte costs, RR latency. */
class NetperfHostTest {
  private static final long PS_PER_CYCLE = 500; // 2 GHz
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("hosts", ConfigFactory.parseString("pekko.actor.provider = local"));
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

  @Test
  void shouldCapThroughputAtTheCyclesRateWhenTheReceiverCpuIsTheBottleneck() {
    // 1,000 driver + 4,000 stack cycles per frame at 2 GHz: 400,000 segments/s of 1,448 bytes
    long end = 60_000_000_000L;
    long warmup = 20_000_000_000L;
    NetperfRun r =
        NetperfRun.run(
            kit,
            params(
                "TCP_STREAM",
                "cores",
                "2",
                "warmupPs",
                "" + warmup,
                "tcp.minRtoPs",
                "5000000000",
                "rxRingFrames",
                "4096",
                "cost.rxDriverCyclesPerFrame",
                "1000",
                "cost.rxStackCyclesPerFrame",
                "4000"),
            1,
            end);
    double cap = 400_000.0 * 1448 * 8;
    double goodput = r.goodputBitsPerSec(1, 0, warmup);
    double busy = (double) r.get(1, "core0.busyPs") / end;
    System.out.printf(
        "CPU-bound receiver: %.3f Gb/s (cap %.3f), core0 %.3f busy%n",
        goodput / 1e9, cap / 1e9, busy);
    assertTrue(goodput <= cap * 1.001, "never faster than the cycles allow: " + goodput);
    assertTrue(goodput >= cap * 0.95, "TCP keeps the receiver's core fed: " + goodput);
    assertTrue(busy > 0.95, "the receiving core is the bottleneck: " + busy);
  }

  @Test
  void shouldShowPerCallAndPerByteCostsWhenTheMessageSizeChanges() {
    // a send call costs 2,000 cycles + 0.5 per byte on the application core
    int[] sizes = {64, 256, 1024, 8192};
    for (int size : sizes) {
      long end = 30_000_000_000L;
      long warmup = 10_000_000_000L;
      NetperfRun r =
          NetperfRun.run(
              kit,
              params(
                  "TCP_STREAM",
                  "cores",
                  "2",
                  "warmupPs",
                  "" + warmup,
                  "messageBytes",
                  "" + size,
                  "cost.txSyscallCycles",
                  "2000",
                  "cost.txCopyMilliCyclesPerByte",
                  "500"),
              1,
              end);
      double goodput = r.goodputBitsPerSec(1, 0, warmup);
      double cpuBound = 2e9 / (2000 + size / 2.0) * size * 8;
      double expected = Math.min(cpuBound, 1448.0 / 1538 * 10e9);
      System.out.printf(
          "message %d B: %.3f Gb/s, expected %.3f%n", size, goodput / 1e9, expected / 1e9);
      assertEquals(expected, goodput, expected * 0.01, "message size " + size);
    }
  }

  @Test
  void shouldTakeExactlyTheSumOfModeledDelaysWhenTcpRrRuns() {
    long end = 2_000_000_000L;
    NetperfRun r =
        NetperfRun.run(
            kit,
            params(
                "TCP_RR",
                "messageBytes",
                "100",
                "responseBytes",
                "200",
                "forwardingJitterPs",
                "0",
                "cost.txSyscallCycles",
                "900",
                "cost.txAppCyclesPerMessage",
                "100",
                "cost.txCopyMilliCyclesPerByte",
                "1000",
                "cost.txStackCyclesPerFrame",
                "2000",
                "cost.txDriverCyclesPerFrame",
                "500",
                "cost.rxInterruptCycles",
                "1500",
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
    long propagationPs = 1_000_000;
    long switchPs = 500_000;
    int headers = 52; // IP 20 + TCP 20 + timestamps 12
    long request = oneWay(100, headers, propagationPs, switchPs);
    long response = oneWay(200, headers, propagationPs, switchPs);
    assertEquals(15_329_600, request + response, "the arithmetic of the expectation itself");
    long expected = request + response + dmaPs(headers + 100) + dmaPs(headers + 200);
    assertEquals(expected, r.get(0, "flow0.latencyMinPs"));
    assertEquals(expected, r.get(0, "flow0.latencyMaxPs"));
    assertEquals(end / expected, r.get(0, "flow0.transactions"));
  }

  /**
   * The sending NIC reads the frame over its idle PCIe link, the receiving one writes it (the
   * default link: PCIe 2.0 x8).
   */
  static long dmaPs(int packetBytes) {
    PcieSettings gen2x8 = PcieSettings.gen2x8();
    return new PcieLink(gen2x8).transmit(packetBytes, 0)
        + new PcieLink(gen2x8).receive(packetBytes, 0);
  }

  /** Send call, stack and driver; two links and the switch; interrupt, stack and receive call. */
  private static long oneWay(int bytes, int headers, long propagationPs, long switchPs) {
    long tx = (900 + 100 + bytes + 2000 + 500) * PS_PER_CYCLE;
    long wire = (headers + bytes + 26) * 800L + propagationPs; // preamble to FCS at 10 Gb/s
    long rx = (1500 + 700 + 2500 + 800 + bytes + 300) * PS_PER_CYCLE;
    return tx + 2 * wire + switchPs + rx;
  }

  @Test
  void shouldSaturateAt1488MppsWhenUdpSendsMinimalFrames() {
    // 18 bytes of data + 28 of headers = the 46-byte minimum payload: 64-byte frames
    long end = 2_000_000_000L;
    long warmup = 500_000_000L;
    NetperfRun r =
        NetperfRun.run(
            kit, params("UDP_STREAM", "messageBytes", "18", "warmupPs", "" + warmup), 1, end);
    double pps = r.get(1, "flow0.measuredBytes") / 18.0 * 1e12 / (end - warmup);
    System.out.printf("UDP_STREAM 64-byte frames: %.4f Mpps%n", pps / 1e6);
    assertEquals(14_880_952, pps, 14_880_952 * 0.001);
    assertEquals(0, r.get(1, "flow0.receiveBufferDrops"));
  }
}
