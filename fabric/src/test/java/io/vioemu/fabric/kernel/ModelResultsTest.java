package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelResultsTest {
  @Test
  void shouldNameFlowValuesByFlowIdWhenAllResultsAreListedTogether() {
    ModelResults r =
        new ModelResults.Builder()
            .scalar("goodputBitsPerSec", 12)
            .flow(10, "goodputBitsPerSec", 2)
            .flow(2, "goodputBitsPerSec", 10)
            .build();
    assertEquals(
        List.of("flow10.goodputBitsPerSec", "flow2.goodputBitsPerSec", "goodputBitsPerSec"),
        List.copyOf(r.named().keySet()),
        "in name order, as metrics.json lists them");
    assertEquals(BigDecimal.valueOf(10), r.flows().get(2).get("goodputBitsPerSec"));
  }

  @Test
  void shouldKeepTheDigitsGivenWhenAValueHasTrailingZeros() {
    ModelResults r = new ModelResults.Builder().scalar("jain", new BigDecimal("0.950000")).build();
    assertEquals("0.950000", r.scalars().get("jain").toPlainString());
  }

  @Test
  void shouldStartEachIntervalAtItsIndexTimesTheIntervalWhenASeriesIsRead() {
    ModelResults.Series s =
        new ModelResults.Builder()
            .series("x", 250, List.of(BigDecimal.ONE, BigDecimal.TEN))
            .build()
            .series()
            .get("x");
    assertEquals(250, s.startPs(1));
    assertThrows(
        IllegalArgumentException.class, () -> new ModelResults.Series(0, List.of(BigDecimal.ONE)));
  }

  @Test
  void shouldBeEqualWhenTwoPlacementsDeriveTheSameValues() {
    ModelResults a = new ModelResults.Builder().scalar("a", 1).flow(0, "b", 2).build();
    ModelResults b = new ModelResults.Builder().flow(0, "b", 2).scalar("a", 1).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }
}
