package io.vioemu.host.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.kernel.InJvmRun;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RR latency is exactly the sum of the modeled delays on the path, nothing hidden. */
class RequestResponseTest {
  private static final long PS_PER_CYCLE = 500; // 2 GHz
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("rr", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Preamble to FCS of a frame with this payload, at 800 ps per byte. */
  private static long lastBitPs(int payload) {
    return (payload + 26) * 800L;
  }

  @Test
  void shouldTakeExactlyTheSumOfCpuWireAndSwitchDelaysWhenOneTransactionIsOutstanding() {
    Map<String, String> p =
        new HashMap<>(
            Map.of(
                "senders",
                "1",
                "workload",
                "rr",
                "payloadBytes",
                "100",
                "responseBytes",
                "200",
                "cost.clockHz",
                "2000000000"));
    p.putAll(
        Map.of(
            "cost.txAppCyclesPerMessage",
            "1000",
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
            "cost.rxCopyMilliCyclesPerByte",
            "1000",
            "cost.rxAppCyclesPerMessage",
            "300"));
    InJvmRun.Outcome o = InJvmRun.run(kit, new HostStarModel().create(p), 1, 1, 1_000_000_000L);
    assertNull(o.failure(), o.failure());
    SortedMap<String, Long> client = o.metrics().get(0);

    long propagationPs = 1_000_000;
    long switchPs = 500_000;
    long txCpu100 = (1000 + 100 + 2000 + 500) * PS_PER_CYCLE;
    long rxCpu100 = (1500 + 700 + 2500 + 100 + 300) * PS_PER_CYCLE;
    long txCpu200 = (1000 + 200 + 2000 + 500) * PS_PER_CYCLE;
    long rxCpu200 = (1500 + 700 + 2500 + 200 + 300) * PS_PER_CYCLE;
    long request = txCpu100 + 2 * (lastBitPs(100) + propagationPs) + switchPs + rxCpu100;
    long response = txCpu200 + 2 * (lastBitPs(200) + propagationPs) + switchPs + rxCpu200;
    assertEquals(14_363_200, request + response, "the arithmetic of the expectation itself");

    assertEquals(request + response, client.get("rrLatencyMinPs"));
    assertEquals(request + response, client.get("rrLatencyMaxPs"));
    assertEquals(1_000_000_000L / (request + response), client.get("rrTransactions"));
    assertEquals(request + response, client.get("rrLatencyP50Ps"), (request + response) / 1000.0);
  }
}
