package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Moving a model's series.* results out of metrics.json into timeseries.csv rows. */
class TimeSeriesTest {
  private static SortedMap<String, String> results(String... keyValues) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static final SortedMap<String, String> FAKE =
      results(
          "goodputBitsPerSec", "9400000000",
          "series.intervalPs", "1000000000",
          "series.goodputBitsPerSec.0", "100",
          "series.goodputBitsPerSec.1", "200",
          "series.goodputBitsPerSec.10", "300",
          "series.goodputBitsPerSec.2", "250",
          "series.flow1.goodputBitsPerSec.0", "7.5",
          "series.flow0.goodputBitsPerSec.0", "5",
          "zeta", "1");

  @Test
  void shouldKeepOnlyTheOtherResultsWhenSeriesAreMovedOut() {
    assertEquals(
        results("goodputBitsPerSec", "9400000000", "zeta", "1"), TimeSeries.withoutSeries(FAKE));
  }

  @Test
  void shouldOrderRowsBySeriesThenTimeWhenIndexesHaveDifferentLengths() {
    List<TimeSeries.Row> rows = TimeSeries.rows(3, FAKE, Map.of());
    assertEquals(
        List.of(
            new TimeSeries.Row(3, "flow0.goodputBitsPerSec", 0, "5"),
            new TimeSeries.Row(3, "flow1.goodputBitsPerSec", 0, "7.5"),
            new TimeSeries.Row(3, "goodputBitsPerSec", 0, "100"),
            new TimeSeries.Row(3, "goodputBitsPerSec", 1_000_000_000L, "200"),
            new TimeSeries.Row(3, "goodputBitsPerSec", 2_000_000_000L, "250"),
            new TimeSeries.Row(3, "goodputBitsPerSec", 10_000_000_000L, "300")),
        rows,
        "k=10 after k=2; the interval itself is no row");
  }

  @Test
  void shouldTakeTheIntervalFromTheParameterWhenTheModelGivesNone() {
    SortedMap<String, String> noInterval = new TreeMap<>(FAKE);
    noInterval.remove("series.intervalPs");
    List<TimeSeries.Row> rows = TimeSeries.rows(0, noInterval, Map.of("seriesIntervalPs", "5_000"));
    assertEquals(new TimeSeries.Row(0, "goodputBitsPerSec", 10_000, "250"), rows.get(4));
  }

  @Test
  void shouldWriteTheCsvSortedByPointFirstWhenPointsArriveInAnyOrder() {
    List<TimeSeries.Row> rows = new ArrayList<>(TimeSeries.rows(10, FAKE, Map.of()));
    rows.addAll(
        TimeSeries.rows(2, results("series.a,b.0", "1", "series.intervalPs", "7"), Map.of()));
    String csv = TimeSeries.csv(rows);
    List<String> lines = csv.lines().toList();
    assertEquals("point,series,tPs,value", lines.get(0));
    assertEquals("2,\"a,b\",0,1", lines.get(1), "a comma in a name is quoted");
    assertEquals("10,flow0.goodputBitsPerSec,0,5", lines.get(2));
    assertEquals("10,goodputBitsPerSec,10000000000,300", lines.get(lines.size() - 1));
    assertEquals(8, lines.size());
    assertTrue(csv.endsWith("\n"));
  }

  @Test
  void shouldMakeNoRowsWhenTheModelHasNoSeries() {
    SortedMap<String, String> plain = results("goodputBitsPerSec", "1", "rxFrames", "2");
    assertTrue(TimeSeries.rows(0, plain, Map.of("seriesIntervalPs", "0")).isEmpty());
    assertEquals(plain, TimeSeries.withoutSeries(plain));
  }
}
