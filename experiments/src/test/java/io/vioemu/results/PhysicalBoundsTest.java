package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vioemu.guest.netperf.NetperfStarModel;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every run of the library (the golden {@code metrics.json} files, which {@code LibraryIT} holds
 * equal to fresh runs of the reduced variants) stays within the physics of its path: no host
 * receives more goodput than its port carries, no flow more than a link, and no flow delivers more
 * bytes than its sender wrote. A result past one of these is a measurement bug, whatever the model.
 */
class PhysicalBoundsTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final BigInteger PS_PER_SECOND = BigInteger.valueOf(1_000_000_000_000L);
  private static final Pattern RECEIVED = Pattern.compile("flow(\\d+)(\\.server)?\\.bytesReceived");
  private static final Pattern SENT = Pattern.compile("flow(\\d+)(\\.server)?\\.messagesSent");
  private static final Pattern MEASURED = Pattern.compile("flow\\d+(\\.server)?\\.measuredBytes");
  private static final Pattern FLOW_GOODPUT = Pattern.compile("flow\\d+\\.goodputBitsPerSec");

  @Test
  void shouldKeepEveryLibraryResultWithinItsPathWhenGoodputIsMeasured() throws IOException {
    List<String> checked = new ArrayList<>();
    try (Stream<Path> files = Files.list(GOLDEN)) {
      for (Path f : files.sorted().toList()) {
        JsonNode doc = new ObjectMapper().readTree(f.toFile());
        Iterable<JsonNode> each = doc.has("points") ? doc.get("points") : List.of(doc);
        int i = 0;
        for (JsonNode point : each) {
          if (check(f.getFileName() + " point " + i, point)) {
            checked.add(f.getFileName() + "#" + i);
          }
          i++;
        }
      }
    }
    assertFalse(checked.isEmpty(), "no netperf run among the golden files");
  }

  /** Checks one point of a netperf run (star or cluster); returns false for other models. */
  private static boolean check(String where, JsonNode point) {
    JsonNode results = point.get("results");
    String name = point.path("model").asText();
    boolean cluster = "netperf-cluster".equals(name);
    if (!("netperf-star".equals(name) || cluster)
        || results == null
        || !results.has("measuredPs")) {
      return false;
    }
    Map<String, String> params = new TreeMap<>();
    point
        .get("params")
        .fields()
        .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    NetperfStarModel model =
        cluster ? NetperfStarModel.clusterFromParams(params) : NetperfStarModel.fromParams(params);
    long rate = model.linkRateBitsPerSec();
    long measuredPs = results.get("measuredPs").asLong();
    boolean local = "local".equals(params.get("pairing"));
    int receivers = 0;
    for (Iterator<JsonNode> it = point.get("entities").elements(); it.hasNext(); ) {
      long bytes = sum(it.next(), MEASURED);
      if (bytes > 0) {
        receivers++;
        assertTrue(
            local || atMost(bytes, measuredPs, rate),
            where
                + ": one host received "
                + bytes
                + " bytes in "
                + measuredPs
                + " ps, past "
                + rate);
      }
    }
    results
        .fields()
        .forEachRemaining(
            e -> {
              if (FLOW_GOODPUT.matcher(e.getKey()).matches()) {
                assertTrue(
                    e.getValue().asLong() <= rate, where + ": " + e.getKey() + " past a link");
              }
            });
    long total = results.path("goodputBitsPerSec").asLong();
    assertTrue(
        local || total <= rate * Math.max(1, receivers),
        where + ": goodput " + total + " past " + receivers + " ports of " + rate);
    if (!model.settings().test().requestResponse()) {
      conserved(where, point.get("entities"), model.settings().messageBytes());
    }
    migrations(where, results, rate);
    return true;
  }

  /**
   * A migration's stream is a flow like any other: no round moves its bytes faster than a link, and
   * the destination takes exactly what the source sent.
   */
  private static void migrations(String where, JsonNode results, long rate) {
    for (int n = 0; results.path("migration." + n + ".completed").asLong() == 1; n++) {
      String m = where + ": migration " + n;
      String p = "migration." + n + ".";
      long rounds = results.get(p + "rounds").asLong();
      for (int k = 1; k <= rounds; k++) {
        long bytes = results.get(p + "round." + k + ".bytes").asLong();
        long ps = results.get(p + "round." + k + ".durationPs").asLong();
        assertTrue(
            bytes == 0 || atMost(bytes, ps, rate),
            m + " round " + k + ": " + bytes + " bytes in " + ps + " ps, past " + rate);
      }
      assertEquals(
          results.get(p + "bytesSent").asLong(),
          results.get(p + "destination.bytesReceived").asLong(),
          m + ": the destination took what the source sent");
    }
  }

  /** Per flow: the bytes its receiving socket took are at most the bytes its sender wrote. */
  private static void conserved(String where, JsonNode entities, int messageBytes) {
    Map<String, Long> received = new TreeMap<>();
    Map<String, Long> written = new TreeMap<>();
    for (Iterator<JsonNode> it = entities.elements(); it.hasNext(); ) {
      JsonNode m = it.next();
      m.fields()
          .forEachRemaining(
              e -> {
                Matcher r = RECEIVED.matcher(e.getKey());
                Matcher s = SENT.matcher(e.getKey());
                if (r.matches()) {
                  received.merge(r.group(1), e.getValue().asLong(), Long::sum);
                } else if (s.matches()) {
                  written.merge(s.group(1), e.getValue().asLong() * messageBytes, Long::sum);
                }
              });
    }
    received.forEach(
        (flow, bytes) ->
            assertTrue(
                bytes <= written.getOrDefault(flow, 0L),
                where
                    + ": flow "
                    + flow
                    + " received "
                    + bytes
                    + " bytes of "
                    + written.get(flow)));
  }

  private static long sum(JsonNode metrics, Pattern keys) {
    long total = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (keys.matcher(e.getKey()).matches()) {
        total += e.getValue().asLong();
      }
    }
    return total;
  }

  /** {@code bytes * 8 / intervalPs <= rate}, exactly. */
  private static boolean atMost(long bytes, long intervalPs, long rateBitsPerSec) {
    BigInteger bits = BigInteger.valueOf(bytes).shiftLeft(3).multiply(PS_PER_SECOND);
    return bits.compareTo(
            BigInteger.valueOf(rateBitsPerSec).multiply(BigInteger.valueOf(intervalPs)))
        <= 0;
  }
}
