package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelResults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, failure 8: deriving a star's results is linear in flows plus entities. Measured as a
 * ratio inside the test (four times the hosts may cost about four times as long, not sixteen), so
 * the machine's speed does not matter.
 */
class ResultsScalingTest {
  private static final long END_PS = 1_000_000_000L;

  private static NetperfStarModel star(int hosts) {
    Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
    p.put("test", "TCP_STREAM");
    p.put("hosts", Integer.toString(hosts));
    p.put("senders", Integer.toString(hosts)); // a flow from every host to the next
    return NetperfStarModel.fromParams(p);
  }

  /** What every entity of a finished run might report: a few flow counters and others. */
  private static List<SortedMap<String, Long>> metrics(int entities) {
    List<SortedMap<String, Long>> out = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      SortedMap<String, Long> m = new TreeMap<>();
      m.put("flow" + i + ".measuredBytes", 1_000_000L + i);
      m.put("flow" + i + ".server.measuredBytes", 7L);
      m.put("flow" + i + ".retransmittedSegments", 1L);
      for (int k = 0; k < 8; k++) {
        m.put("port" + k + ".txFrames", (long) k);
      }
      out.add(m);
    }
    return out;
  }

  /** The fastest of a few derivations, in nanoseconds. */
  private static long deriveNanos(NetperfStarModel model, List<SortedMap<String, Long>> metrics) {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      ModelResults r = model.results(metrics, END_PS);
      best = Math.min(best, System.nanoTime() - t0);
      assertTrue(r.named().containsKey("goodputBitsPerSec"), "results derived");
    }
    return best;
  }

  @Test
  void shouldDeriveFourTimesTheHostsInAboutFourTimesTheTimeWhenTheStarGrows() {
    NetperfStarModel small = star(2_048);
    NetperfStarModel large = star(8_192);
    List<SortedMap<String, Long>> smallMetrics = metrics(small.entityCount());
    List<SortedMap<String, Long>> largeMetrics = metrics(large.entityCount());
    deriveNanos(small, smallMetrics); // warm-up
    long smallNs = deriveNanos(small, smallMetrics);
    long largeNs = deriveNanos(large, largeMetrics);
    double ratio = (double) largeNs / Math.max(1, smallNs);
    System.out.printf(
        "derive: %d hosts %d us, %d hosts %d us, ratio %.1f%n",
        2048, smallNs / 1000, 8192, largeNs / 1000, ratio);
    // Linear: about 4; the quadratic sum it replaces: about 16.
    assertTrue(ratio < 9, "4x the hosts took " + ratio + "x as long to derive");
  }
}
