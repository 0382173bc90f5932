package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One TCP_STREAM over 10GbE: the goodput physics of headers, options and framing. */
class TcpStreamTest {
  private static final long END_PS = 50_000_000_000L; // 50 ms
  private static final long WARMUP_PS = 10_000_000_000L;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("tcp", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static NetperfRun stream(Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(Map.of("test", "TCP_STREAM", "warmupPs", "" + WARMUP_PS));
    p.putAll(extra);
    return NetperfRun.run(kit, p, 1, END_PS);
  }

  @Test
  void shouldMeasure941GbpsWhenTimestampsAreOn() {
    NetperfRun r = stream(Map.of("tcp.timestamps", "true"));
    double gbps = r.goodputBitsPerSec(1, 0, WARMUP_PS) / 1e9;
    System.out.println("TCP_STREAM with timestamps: " + gbps + " Gb/s " + r.metrics.get(0));
    assertEquals(9.41, gbps, 9.41 * 0.005);
    assertEquals(0, r.get(0, "flow0.retransmittedSegments"));
  }

  @Test
  void shouldMeasure949GbpsWhenTimestampsAreOff() {
    NetperfRun r = stream(Map.of("tcp.timestamps", "false"));
    double gbps = r.goodputBitsPerSec(1, 0, WARMUP_PS) / 1e9;
    System.out.println("TCP_STREAM without timestamps: " + gbps + " Gb/s");
    assertEquals(9.49, gbps, 9.49 * 0.005);
  }
}
