package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium and checks what a reader gets: the DOM after loading (title,
 * reference outcomes, inline SVG plots with their axis labels, the input file) and a screenshot.
 * Skipped where Chromium is not installed, except under CI (env CI set), where that is a failure.
 */
class ReportBrowserIT {
  private static final long TIMEOUT_SECONDS = 90;

  @TempDir Path tmp;

  /** /usr/bin/chromium, else {@code chromium} or {@code chromium-browser} on the PATH. */
  static Optional<Path> chromium() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          candidates.add(Path.of(d, "chromium"));
          candidates.add(Path.of(d, "chromium-browser"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private Path browser() {
    Optional<Path> found = chromium();
    if (found.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail(
            "chromium is not installed (looked for /usr/bin/chromium and chromium on the PATH);"
                + " CI must install it: .ci/run does, with apt-get install chromium");
      }
      assumeTrue(false, "chromium is not installed: the browser test is skipped");
    }
    return found.get();
  }

  /** Runs Chromium headless on {@code page} with {@code extra} flags; returns its stdout. */
  private String chromium(Path browser, Path page, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile")));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Path err = Files.createTempFile(tmp, "chromium", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + stderr);
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String row(String dom, String id) {
    Matcher m = Pattern.compile("<tr[^>]*id=\"reference-" + id + "\"[^>]*>(.*?)</tr>").matcher(dom);
    assertTrue(m.find(), "no reference row " + id + " in the DOM");
    return m.group(1);
  }

  private static String outcome(String dom, String id) {
    Matcher m = Pattern.compile("<td class=\"outcome\">([A-Z-]+)</td>").matcher(row(dom, id));
    assertTrue(m.find(), "no outcome cell for " + id);
    return m.group(1);
  }

  @Test
  void shouldShowTitleOutcomesPlotsAndInputWhenOpenedInChromium() throws Exception {
    Path browser = browser();
    Path dir = Fixtures.copy("sweep", tmp);
    Path report = Report.write(dir).report();

    // One start of the browser for both: the DOM after loading, and a screenshot.
    Path shot = tmp.resolve("shot.png");
    String dom =
        chromium(browser, report, "--dump-dom", "--screenshot=" + shot, "--window-size=1200,2000");
    assertTrue(dom.contains("<title>vioemu report: iommu-mini</title>"), "page title");
    assertTrue(dom.contains("<h1 id=\"title\">iommu-mini</h1>"), "heading");
    assertEquals("PASS", outcome(dom, "small-message-ratio"));
    assertEquals("FAIL", outcome(dom, "large-message-barely-affected"));
    assertEquals("NOT-EVALUABLE", outcome(dom, "cpu-cost-of-strict"));
    assertEquals("PASS", outcome(dom, "goodput-without-iommu"));
    assertTrue(row(dom, "large-message-barely-affected").contains("is outside 1 ± 0.1"));
    assertTrue(dom.contains("4 checks: 2 passed, 1 failed, 1 not evaluable."));

    Matcher figure =
        Pattern.compile(
                "<figure id=\"plot-sweep-goodputBitsPerSec\">\\s*<svg(.*?)</svg>", Pattern.DOTALL)
            .matcher(dom);
    assertTrue(figure.find(), "the goodput plot is an inline SVG");
    String svg = figure.group(1);
    assertTrue(svg.contains(">goodputBitsPerSec (Gb/s)</text>"), "y axis label");
    assertTrue(svg.contains(">messageBytes</text>"), "x axis label");
    assertTrue(svg.contains(">io.iommu=strict</text>"), "legend");

    Matcher input =
        Pattern.compile("<pre id=\"experiment-yaml\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertTrue(input.find(), "the input file");
    assertTrue(input.group(1).contains("messageBytes: [64, 65_536]"));
    assertTrue(input.group(1).contains("id: large-message-barely-affected"));

    BufferedImage image = ImageIO.read(shot.toFile());
    assertEquals(1200, image.getWidth());
    assertEquals(2000, image.getHeight());
    // The FAIL cell's red (#b3261e) must be on screen: the failure is shown, not just written.
    assertTrue(pixels(image, 0xb3261e) > 500, "the FAIL cell is visible in the screenshot");
    assertTrue(distinctColours(image) > 50, "a page with text and plots, not a blank one");
  }

  private static int pixels(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
