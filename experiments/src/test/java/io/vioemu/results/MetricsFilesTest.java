package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelResults;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json and metrics.csv as the writer lays them out, and as the report reads them back. */
class MetricsFilesTest {
  @TempDir Path dir;

  private static final List<SortedMap<String, Long>> ENTITIES =
      List.of(
          new TreeMap<>(Map.of("rxFrames", 12L, "lastRxPs", 4_000_000L)),
          new TreeMap<>(),
          new TreeMap<>(Map.of("port0.drops", 0L, "odd,name", -3L)));

  private static final ModelResults RESULTS =
      new ModelResults.Builder()
          .scalar("goodputBitsPerSec", 9_400_000_000L)
          .scalar("jainIndex", new BigDecimal("0.953400"))
          .flow(1, "goodputBitsPerSec", 5)
          .flow(0, "goodputBitsPerSec", 7)
          .build();

  private static RunRecord single(ModelResults results) {
    PointResult p = new PointResult(0, Map.of(), 7, 1234, "0000000000abcdef", ENTITIES, results);
    return new RunRecord(
        "csv", "ties", 7, 5_000_000, Map.of("b", "2", "a", "x\"y"), null, List.of(p));
  }

  @Test
  void shouldWriteSameResultsToCsvAsToJsonWhenRunHasCounters() {
    String json = MetricsFiles.json(single(ModelResults.NONE));
    List<List<String>> fromJson = new ArrayList<>();
    Matcher m =
        Pattern.compile("\"metrics\":\\{\"events\":(\\d+),\"checksum\":\"(\\w+)\"\\}")
            .matcher(json);
    assertTrue(m.find(), json);
    assertFalse(json.contains("\"windows\""), "placement-dependent: run.json only: " + json);
    fromJson.add(List.of("model", "events", m.group(1)));
    fromJson.add(List.of("model", "checksum", m.group(2)));
    String ents = json.substring(json.indexOf("\"entities\":{") + 12);
    Matcher entity = Pattern.compile("\"(\\d+)\":\\{([^}]*)\\}").matcher(ents);
    while (entity.find()) {
      Matcher counter = Pattern.compile("\"(.+?)\":(-?\\d+)").matcher(entity.group(2));
      while (counter.find()) {
        fromJson.add(List.of(entity.group(1), counter.group(1), counter.group(2)));
      }
    }

    String csv = MetricsFiles.csv(single(ModelResults.NONE));
    assertTrue(csv.startsWith("entity,metric,value\n"), csv);
    assertTrue(csv.endsWith("\n") && !csv.contains("\r"), csv);
    List<List<String>> fromCsv = Csv.read(csv).stream().skip(1).map(Csv.Row::fields).toList();
    assertEquals(fromJson, fromCsv);
    assertEquals(6, fromCsv.size());
    assertTrue(csv.contains("\n2,\"odd,name\",-3\n"), csv);
    assertTrue(csv.contains("\nmodel,checksum,0000000000abcdef\n"), csv);
  }

  @Test
  void shouldListFlowValuesAmongTheResultsByNameWhenTheModelGivesThemPerFlow() {
    String json = MetricsFiles.json(single(RESULTS));
    assertTrue(
        json.contains(
            "\"results\":{\"flow0.goodputBitsPerSec\":7,\"flow1.goodputBitsPerSec\":5,"
                + "\"goodputBitsPerSec\":9400000000,\"jainIndex\":0.953400},"),
        json);
    assertTrue(
        MetricsFiles.csv(single(RESULTS)).contains("\nresults,jainIndex,0.953400\n"),
        "a decimal keeps its digits");
  }

  @Test
  void shouldSortParamsAndEscapeThemWhenWritingMetricsJson() {
    String json = MetricsFiles.json(single(ModelResults.NONE));
    assertTrue(
        json.startsWith(
            "{\"experiment\":\"csv\",\"model\":\"ties\",\"versions\":{\"vioemu\":\""
                + Versions.vioemu()
                + "\",\"metricsJson\":2},\"seed\":7,\"endPs\":5000000,"
                + "\"params\":{\"a\":\"x\\\"y\",\"b\":\"2\"},\"metrics\":"),
        json);
    assertTrue(json.endsWith("}}\n") && json.indexOf('\n') == json.length() - 1, json);
  }

  @Test
  void shouldQuoteCsvFieldOnlyWhenItNeedsQuoting() {
    assertEquals(
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",with space\n",
        Csv.write(List.of(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "with space"))));
  }

  @Test
  void shouldReadBackWhatItWroteWhenTheReportLoadsTheDirectory() throws IOException {
    RunInfo info = new RunInfo(7, 1, List.of(), "contiguous", 0, 1, 2, 1234);
    RunFiles.of("name: csv\n".getBytes(), single(RESULTS), info).writeTo(dir);
    RunDirectory run = RunDirectory.load(dir);
    RunPoint p = run.points().get(0);
    assertEquals("0.953400", p.results().get("jainIndex"), "as written, not rounded");
    assertEquals("5", p.results().get("flow1.goodputBitsPerSec"));
    assertEquals("-3", p.entities().get("2").get("odd,name"));
    assertEquals(Map.of("a", "x\"y", "b", "2"), run.sharedParams());
    assertEquals("contiguous", run.run().get("placement"));
    assertTrue(Files.exists(dir.resolve("metrics.csv")));
  }
}
