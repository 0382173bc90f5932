package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A figure the READMEs state from a library run is read from that run's golden file, so the README
 * and the golden cannot disagree: the figure is followed by a marker {@code <!-- golden:FILE:PATH:
 * SCALE -->} (invisible when rendered) naming the golden ({@code
 * src/test/resources/golden/FILE.metrics.json}), the JSON path of the value, its parts separated by
 * {@code /} because result names contain dots ({@code results/goodputBitsPerSec}, {@code
 * points[3]/results/cpuUtilization.client}) and the unit it is written in ({@code 1e9} for Gb/s);
 * the value divided by the scale, rounded to the figure's decimals, must be the figure. A golden
 * regenerated with a different result fails here until the README says so.
 */
class GoldenFiguresTest {
  static final List<Path> READMES = List.of(Path.of("../README.md"), Path.of("README.md"));
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Pattern MARKED =
      Pattern.compile("([0-9][0-9,]*(?:\\.[0-9]+)?)<!-- golden:([\\w.-]+):(\\S+):(\\S+) -->");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldStateEachMarkedFigureAsItsGoldenHasItWhenTheReadmesAreRead() throws IOException {
    List<String> wrong = new ArrayList<>();
    int figures = 0;
    for (Path readme : READMES) {
      Matcher m = MARKED.matcher(Files.readString(readme));
      while (m.find()) {
        figures++;
        BigDecimal stated = new BigDecimal(m.group(1).replace(",", ""));
        JsonNode golden = JSON.readTree(GOLDEN.resolve(m.group(2) + ".metrics.json").toFile());
        BigDecimal actual =
            new BigDecimal(at(golden, m.group(3)).asText())
                .divide(new BigDecimal(m.group(4)))
                .setScale(Math.max(stated.scale(), 0), RoundingMode.HALF_UP);
        if (actual.compareTo(stated) != 0) {
          wrong.add(readme + ": " + m.group() + " states " + stated + ", the golden has " + actual);
        }
      }
    }
    assertTrue(figures >= 2, "marked figures: " + figures);
    assertEquals(List.of(), wrong);
  }

  @Test
  void shouldRoundAGoldensValueToTheFiguresDecimalsWhenTheyAreCompared() throws IOException {
    JsonNode golden = JSON.readTree("{\"points\": [{\"results\": {\"x\": \"9414896000\"}}]}");
    assertEquals("9414896000", at(golden, "points[0]/results/x").asText());
    Matcher m = MARKED.matcher("is 9.41<!-- golden:tcp-stream:results/x.y:1e9 --> Gb/s");
    assertTrue(m.find());
    assertEquals("9.41", m.group(1));
    assertEquals("results/x.y", m.group(3));
  }

  /** The node at a {@code /}-separated path whose parts may index an array ({@code points[3]}). */
  static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String part : path.split("/")) {
      Matcher index = Pattern.compile("(.*)\\[(\\d+)]").matcher(part);
      n = index.matches() ? n.path(index.group(1)).path(Integer.parseInt(index.group(2))) : n;
      if (!index.matches()) {
        n = n.path(part);
      }
    }
    if (n.isMissingNode()) {
      throw new AssertionError("no " + path + " in the golden");
    }
    return n;
  }
}
