package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.report.ReferenceOutcome.Verdict;
import io.vioemu.results.BadRunDirectoryException;
import io.vioemu.results.TimeSeriesCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path tmp;

  private static Map<String, Verdict> verdicts(ReportSummary s) {
    return s.checks().stream()
        .collect(Collectors.toMap(ReferenceOutcome::id, ReferenceOutcome::verdict));
  }

  /** The row of the reference table for {@code id}. */
  private static String referenceRow(String html, String id) {
    Matcher m =
        Pattern.compile("<tr class=\"[^\"]*\" id=\"reference-" + id + "\">.*?</tr>").matcher(html);
    assertTrue(m.find(), "no reference row for " + id);
    return m.group();
  }

  private static List<String> plotFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("plots"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldShowPointsChartsAndOutcomesWhenGivenASweep() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    ReportSummary s = Report.write(dir);

    assertEquals(dir.resolve("report.html"), s.report());
    assertEquals(
        Map.of(
            "small-message-ratio", Verdict.PASS,
            "large-message-barely-affected", Verdict.FAIL,
            "cpu-cost-of-strict", Verdict.NOT_EVALUABLE,
            "goodput-without-iommu", Verdict.PASS),
        verdicts(s));
    assertTrue(s.anyFailed());
    String html = Files.readString(s.report());
    assertTrue(html.contains("<h1 id=\"title\">iommu-mini</h1>"), "title");
    assertTrue(html.contains("4 checks: 2 passed, 1 failed, 1 not evaluable."), "summary");
    String fail = referenceRow(html, "large-message-barely-affected");
    assertTrue(fail.contains("<td class=\"outcome\">FAIL</td>"), fail);
    assertTrue(fail.contains(">0.29457<"), "the measured ratio 2366997333/8035434666: " + fail);
    assertTrue(referenceRow(html, "cpu-cost-of-strict").contains("NOT-EVALUABLE"));
    // One row per point: index, swept values as written, results.
    assertTrue(
        html.contains("<td class=\"num\">3</td><td>65_536</td><td>strict</td>"), "point 3 row");
    assertTrue(html.contains("<td class=\"num\">8035434666</td>"), "point 2's goodput");

    assertTrue(
        plotFiles(dir)
            .containsAll(List.of("sweep-goodputBitsPerSec.png", "sweep-goodputBitsPerSec.svg")));
    String svg = Files.readString(dir.resolve("plots/sweep-goodputBitsPerSec.svg"));
    assertTrue(svg.contains(">goodputBitsPerSec (Gb/s)</text>"), "y axis label");
    assertTrue(svg.contains(">messageBytes</text>"), "x axis label");
    assertTrue(
        svg.contains(">io.iommu=strict</text>") && svg.contains(">io.iommu=off</text>"), "legend");
    assertTrue(svg.contains("reference goodput-without-iommu"), "the reference band is drawn");
    assertTrue(html.contains("(logarithmic x axis)"), "64 B to 64 KiB spans three decades");
    byte[] png = Files.readAllBytes(dir.resolve("plots/sweep-goodputBitsPerSec.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    assertTrue(
        html.contains(svg.substring(svg.indexOf("<svg"), svg.indexOf("<svg") + 200)), "SVG inline");
    assertTrue(html.contains("<a href=\"plots/sweep-goodputBitsPerSec.png\">PNG</a>"));
    assertTrue(html.contains("messageBytes: [64, 65_536]"), "the input file");
    assertTrue(html.contains("&quot;wallSeconds&quot;"), "run.json, escaped");
  }

  @Test
  void shouldShowKeyValueResultsAndFlowsWhenGivenASingleRun() throws IOException {
    Path dir = Fixtures.copy("single", tmp);
    ReportSummary s = Report.write(dir);

    assertEquals(
        Map.of(
            "fair-share",
            Verdict.PASS,
            "line-rate",
            Verdict.FAIL,
            "vs-reno",
            Verdict.NOT_EVALUABLE),
        verdicts(s));
    String html = Files.readString(s.report());
    assertTrue(
        html.contains("<tr><td>jainIndex</td><td class=\"num\">0.999829</td></tr>"), "results");
    assertTrue(html.contains("<tr><th>--set overrides</th><td>endUs=5_000</td></tr>"), "overrides");
    assertTrue(html.contains("<tr><th>seed</th><td>3</td></tr>"), "seed");
    assertTrue(html.contains("2 CUBIC flows sharing one 10GbE port"), "description");
    assertEquals(
        List.of("flows-goodputBitsPerSec.png", "flows-goodputBitsPerSec.svg"), plotFiles(dir));
    String svg = Files.readString(dir.resolve("plots/flows-goodputBitsPerSec.svg"));
    assertTrue(svg.contains(">flow1</text>"), "a bar per flow");
  }

  @Test
  void shouldWriteTheSameBytesWhenWrittenTwice() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    Report.write(dir);
    byte[] html = Files.readAllBytes(dir.resolve("report.html"));
    byte[] svg = Files.readAllBytes(dir.resolve("plots/sweep-goodputBitsPerSec.svg"));
    byte[] png = Files.readAllBytes(dir.resolve("plots/sweep-goodputBitsPerSec.png"));
    Report.write(dir);
    assertArrayEquals(html, Files.readAllBytes(dir.resolve("report.html")));
    assertArrayEquals(svg, Files.readAllBytes(dir.resolve("plots/sweep-goodputBitsPerSec.svg")));
    assertArrayEquals(png, Files.readAllBytes(dir.resolve("plots/sweep-goodputBitsPerSec.png")));
  }

  @Test
  void shouldNameTheMissingFileWhenMetricsJsonIsAbsent() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    Files.delete(dir.resolve("metrics.json"));
    BadRunDirectoryException e =
        assertThrows(BadRunDirectoryException.class, () -> Report.write(dir));
    assertTrue(e.getMessage().contains(dir.resolve("metrics.json") + ": missing"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("report.html")));
    BadRunDirectoryException none =
        assertThrows(BadRunDirectoryException.class, () -> Report.write(tmp.resolve("nowhere")));
    assertTrue(none.getMessage().contains("no such directory"), none.getMessage());
  }

  @Test
  void shouldNameFileLineAndColumnWhenMetricsJsonIsCorrupt() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    Files.writeString(
        dir.resolve("metrics.json"), "{\"experiment\":\"x\",\n\"points\":[{\"index\":0,\n");
    BadRunDirectoryException e =
        assertThrows(BadRunDirectoryException.class, () -> Report.write(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("metrics.json") + ":3:"), e.getMessage());
    Files.writeString(dir.resolve("metrics.json"), "{\"points\": 5}");
    BadRunDirectoryException shape =
        assertThrows(BadRunDirectoryException.class, () -> Report.write(dir));
    assertTrue(shape.getMessage().contains("field 'points' is not a list"), shape.getMessage());
    Files.writeString(dir.resolve("metrics.json"), "[1, 2]");
    BadRunDirectoryException array =
        assertThrows(BadRunDirectoryException.class, () -> Report.write(dir));
    assertTrue(array.getMessage().contains("not a JSON object"), array.getMessage());
  }

  @Test
  void shouldNotWriteThroughALinkWhenATemporaryNameIsALink() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
    Files.createDirectories(dir.resolve("plots"));
    Files.createSymbolicLink(dir.resolve("plots/sweep-goodputBitsPerSec.png.tmp"), victim);
    Files.createSymbolicLink(dir.resolve("report.html.tmp"), victim);
    Report.write(dir);
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.size(dir.resolve("plots/sweep-goodputBitsPerSec.png")) > 0);
    assertFalse(Files.exists(dir.resolve("report.html.tmp"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void shouldSayWhatIsMissingWhenTheDirectoryIsOld() throws IOException {
    Path dir = Fixtures.copy("sweep", tmp);
    Files.delete(dir.resolve("experiment.yaml"));
    Files.delete(dir.resolve("settings.json"));
    Files.delete(dir.resolve("run.json"));
    ReportSummary s = Report.write(dir);
    assertTrue(s.checks().isEmpty());
    String html = Files.readString(s.report());
    assertTrue(html.contains("experiment.yaml is missing from"), "a note");
    assertTrue(html.contains("no reference values (or its experiment.yaml is not here)"));
    assertTrue(html.contains("<tr><th>seed</th><td>7</td></tr>"), "seed from metrics.json");
    assertTrue(html.contains("unknown (no settings.json)"));
    assertTrue(html.contains("This directory has no copy of the experiment file."));
  }

  @Test
  void shouldEscapeTextWhenTheInputHoldsMarkup() throws IOException {
    Path dir = Fixtures.copy("single", tmp);
    Files.writeString(
        dir.resolve("experiment.yaml"),
        "name: x\n"
            + "description: \"<script>alert(1)</script> & 'q'\"\n"
            + "reference:\n"
            + "  - {id: \"<b>\", source: \"<i>\", metric: results.jainIndex, value: 1, tolerance:"
            + " 1}\n");
    String html = Files.readString(Report.write(dir).report());
    assertFalse(html.contains("<script>"), "no markup from the input");
    assertFalse(html.contains("<b>") || html.contains("<i>"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;"));
  }

  @Test
  void shouldReportAnUnreadableExperimentFileAsANoteWhenItIsNotYaml() throws IOException {
    Path dir = Fixtures.copy("single", tmp);
    Files.writeString(dir.resolve("experiment.yaml"), "name: [unclosed\n");
    ReportSummary s = Report.write(dir);
    String html = Files.readString(s.report());
    assertTrue(html.contains("experiment.yaml could not be read"), "note");
    assertTrue(html.contains("name: [unclosed"), "the text is still shown");
  }

  @Test
  void shouldPlotTimeSeriesWhenTheRunWroteThem() throws IOException {
    Path dir = Fixtures.copy("single", tmp);
    StringBuilder csv = new StringBuilder(TimeSeriesCsv.HEADER + "\n");
    for (int k = 0; k < 4; k++) {
      long t = k * 1_000_000_000L;
      csv.append("0,goodputBitsPerSec,").append(t).append(',').append(9e9 + k * 1e8).append('\n');
      csv.append("0,flow0.goodputBitsPerSec,").append(t).append(",4.5e9\n");
      csv.append("0,flow1.goodputBitsPerSec,").append(t).append(",4.6e9\n");
    }
    Files.writeString(dir.resolve("timeseries.csv"), csv);
    String html = Files.readString(Report.write(dir).report());
    assertTrue(html.contains("<h2 id=\"time-series\">Time series</h2>"));
    assertTrue(plotFiles(dir).contains("timeseries-goodputBitsPerSec.svg"));
    String flows = Files.readString(dir.resolve("plots/timeseries-flows-goodputBitsPerSec.svg"));
    assertTrue(
        flows.contains(">time (ms)</text>") && flows.contains(">flow1</text>"), "axes, legend");
  }

  @Test
  void shouldRemovePlotsOfAnEarlierReportWhenTheyAreNoLongerDrawn() throws IOException {
    Path dir = Fixtures.copy("single", tmp);
    Files.createDirectories(dir.resolve("plots"));
    Files.writeString(dir.resolve("plots/sweep-gone.svg"), "<svg/>");
    Files.writeString(dir.resolve("plots/notes.txt"), "mine");
    Report.write(dir);
    assertEquals(
        List.of("flows-goodputBitsPerSec.png", "flows-goodputBitsPerSec.svg", "notes.txt"),
        plotFiles(dir));
  }
}
