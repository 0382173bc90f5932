package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.ModelResults;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's typed time series as timeseries.csv rows. */
class TimeSeriesTest {
  private static List<BigDecimal> values(String... v) {
    return Arrays.stream(v).map(BigDecimal::new).toList();
  }

  private static final ModelResults FAKE =
      new ModelResults.Builder()
          .scalar("goodputBitsPerSec", 9_400_000_000L)
          .series("goodputBitsPerSec", 1_000_000_000L, values("100", "200", "250"))
          .series("flow1.goodputBitsPerSec", 1_000_000_000L, values("7.5"))
          .series("flow0.goodputBitsPerSec", 1_000_000_000L, values("5"))
          .build();

  private static RunRecord run(ModelResults... points) {
    List<PointResult> p = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      p.add(new PointResult(i, Map.of(), 1, 0, "0", List.of(), points[i]));
    }
    return new RunRecord("t", "m", 1, 1, Map.of(), null, p);
  }

  @Test
  void shouldOrderRowsByPointThenSeriesThenTimeWhenPointsHaveSeries() {
    assertEquals(
        "point,series,tPs,value\n"
            + "0,flow0.goodputBitsPerSec,0,5\n"
            + "0,flow1.goodputBitsPerSec,0,7.5\n"
            + "0,goodputBitsPerSec,0,100\n"
            + "0,goodputBitsPerSec,1000000000,200\n"
            + "0,goodputBitsPerSec,2000000000,250\n"
            + "1,flow0.goodputBitsPerSec,0,5\n",
        TimeSeries.csv(
            run(
                FAKE,
                new ModelResults.Builder()
                    .series("flow0.goodputBitsPerSec", 7, values("5"))
                    .build())));
  }

  @Test
  void shouldQuoteASeriesNameWhenItHoldsAComma() {
    ModelResults odd = new ModelResults.Builder().series("a,b", 7, values("1", "2")).build();
    String csv = TimeSeries.csv(run(odd));
    assertTrue(csv.endsWith("0,\"a,b\",0,1\n0,\"a,b\",7,2\n"), csv);
    assertEquals(2, TimeSeriesCsv.parse(csv, 1).size(), "the report reads it back");
  }

  @Test
  void shouldWriteNoFileWhenNoPointHasASeries() {
    ModelResults plain = new ModelResults.Builder().scalar("goodputBitsPerSec", 1).build();
    assertFalse(TimeSeries.any(run(plain, ModelResults.NONE)));
    assertTrue(TimeSeries.any(run(plain, FAKE)));
  }
}
