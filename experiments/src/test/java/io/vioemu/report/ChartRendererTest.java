package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartRendererTest {
  private static ChartSpec bars(String name, String category) {
    return new ChartSpec(
        name,
        "t <&> \"q\"",
        "x <axis>",
        "y & unit",
        ChartSpec.Kind.BAR,
        false,
        10,
        List.of(
            new ChartSpec.Series(
                "s", List.of(new ChartSpec.Point(category, 0, 1), new ChartSpec.Point("b", 0, 2)))),
        List.of());
  }

  @Test
  void shouldEscapeLabelsWhenTheyHoldMarkup() throws IOException {
    String svg = ChartRenderer.render(bars("c", "a<b>")).svg();
    assertTrue(svg.contains(">x &lt;axis&gt;</text>"), "x label escaped");
    assertTrue(svg.contains(">y &amp; unit</text>"), "y label, rotated, still text");
    assertTrue(svg.contains(">a&lt;b&gt;</text>"), "category escaped");
    assertFalse(svg.contains("<b>"));
  }

  @Test
  void shouldGiveEachChartItsOwnIdsWhenSeveralShareAPage() throws IOException {
    String one = ChartRenderer.render(bars("one", "a")).svg();
    String two = ChartRenderer.render(bars("two", "a")).svg();
    assertTrue(one.startsWith("<svg id='one'"), one.substring(0, 40));
    assertTrue(one.contains("id='one-clip-0'") && two.contains("id='two-clip-0'"));
    assertFalse(two.contains("one-clip"));
  }

  @Test
  void shouldDrawTheSameBytesWhenDrawnTwice() throws IOException {
    ChartRenderer.Rendered a = ChartRenderer.render(bars("c", "a"));
    ChartRenderer.Rendered b = ChartRenderer.render(bars("c", "a"));
    assertEquals(a.svg(), b.svg());
    assertArrayEquals(a.png(), b.png());
    assertTrue(a.svgFile().startsWith("<?xml"));
  }

  @Test
  void shouldRoundCoordinatesToHundredthsWhenWritingSvg() {
    assertEquals("14.92", ChartRenderer.twoDecimals(14.92333984375));
    assertEquals("-3", ChartRenderer.twoDecimals(-3.0));
    assertEquals("0", ChartRenderer.twoDecimals(Double.NaN));
  }
}
