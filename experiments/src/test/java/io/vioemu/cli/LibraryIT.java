package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every experiment of the library runs end to end, as a user runs it, in its reduced-size variant
 * ({@code experiments/library/reduced/}): exit 0, results, and a report whose reference checks
 * could all be evaluated; every reference without a {@code note} (a claim that the model reproduces
 * it) passes. The full-size files differ from their variants only in size, which {@link
 * #shouldKeepEachReducedVariantTheSameExperimentWhenOnlySizesDiffer} checks.
 *
 * <p>Each run's {@code metrics.json} must also equal, byte for byte, its golden file in {@code
 * src/test/resources/golden/}: the safety net for refactors that must not change results. The one
 * field masked is {@code versions.vioemu}, the project version, which changes with every release
 * and says nothing about the model. A change that alters results on purpose regenerates the goldens
 * with {@code -Dvioemu.golden.update=true} (the run then writes instead of comparing) and says why
 * in its commit.
 */
class LibraryIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path LIBRARY = Path.of("library");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final String UPDATE_GOLDEN = "vioemu.golden.update";
  // ISO-8859-1 maps every byte to one char and back, so comparing strings compares the bytes.
  private static final Charset BYTES = StandardCharsets.ISO_8859_1;
  private static final Pattern VERSION = Pattern.compile("(\"versions\":\\{\"vioemu\":\")[^\"]*\"");
  private static final Pattern OUTCOME =
      Pattern.compile("(?m)^reference (PASS|FAIL|NOT-EVALUABLE) (\\S+):");

  static List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(LIBRARY)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void shouldRunReducedVariantToAReportWhenRunAsAUserWould(String name, @TempDir Path out)
      throws IOException {
    Path file = LIBRARY.resolve("reduced").resolve(name + ".yaml");
    Cli.Result r = Cli.run(TIMEOUT, "run", file.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), name + ": " + r.stderr());
    for (String f : List.of("metrics.json", "metrics.csv", "run.json", "report.html")) {
      assertTrue(Files.size(out.resolve(f)) > 0, name + ": no " + f);
    }
    List<String> lines = r.stdout().lines().toList();
    assertEquals(
        "report: " + out.resolve("report.html"), lines.get(lines.size() - 1), name + " last line");
    Map<String, Boolean> noted = referencesWithNotes(file);
    Matcher m = OUTCOME.matcher(r.stdout());
    int checks = 0;
    while (m.find()) {
      checks++;
      String id = m.group(2);
      assertFalse(m.group(1).startsWith("NOT"), name + ": reference " + id + " not evaluable");
      // A reference without a note claims the model reproduces it; a note explains why not.
      if (!noted.getOrDefault(id, true)) {
        assertEquals("PASS", m.group(1), name + ": reference " + id + " is not reproduced");
      }
    }
    assertEquals(noted.size(), checks, name + ": reference outcomes printed in\n" + r.stdout());
    assertMatchesGolden(name, out.resolve("metrics.json"));
  }

  /**
   * Compares a run's metrics with its golden file, or (with {@code -Dvioemu.golden.update=true})
   * replaces the golden file with them.
   */
  private static void assertMatchesGolden(String name, Path metrics) throws IOException {
    Path golden = GOLDEN.resolve(name + ".metrics.json");
    if (Boolean.getBoolean(UPDATE_GOLDEN)) {
      Files.createDirectories(GOLDEN);
      Files.copy(metrics, golden, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    assertTrue(Files.exists(golden), name + ": no golden file " + golden + hint());
    String expected = withoutVersion(Files.readString(golden, BYTES));
    String actual = withoutVersion(Files.readString(metrics, BYTES));
    if (!expected.equals(actual)) {
      int at = firstDifference(expected, actual);
      fail(
          String.format(
              "%s: metrics.json differs from %s at offset %d:%n golden: ...%s...%n actual:"
                  + " ...%s...%s",
              name, golden, at, around(expected, at), around(actual, at), hint()));
    }
  }

  private static String hint() {
    return "\n(if the results change on purpose: mvn -B verify -Dit.test=LibraryIT -D"
        + UPDATE_GOLDEN
        + "=true)";
  }

  /** The metrics with the project version blanked: it changes every release, not with the model. */
  private static String withoutVersion(String metrics) {
    return VERSION.matcher(metrics).replaceFirst("$1\"");
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  private static String around(String s, int at) {
    return s.substring(Math.max(0, at - 60), Math.min(s.length(), at + 60));
  }

  /** Each reference id of the file, and whether it carries a note. */
  @SuppressWarnings("unchecked")
  private static Map<String, Boolean> referencesWithNotes(Path file) throws IOException {
    Object doc =
        new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    Map<String, Boolean> out = new LinkedHashMap<>();
    Object refs = ((Map<String, Object>) doc).get("reference");
    if (refs instanceof List<?> list) {
      for (Object entry : list) {
        Map<String, Object> ref = (Map<String, Object>) entry;
        out.put(String.valueOf(ref.get("id")), ref.containsKey("note"));
      }
    }
    return out;
  }

  @Test
  void shouldKeepEachReducedVariantTheSameExperimentWhenOnlySizesDiffer(@TempDir Path tmp)
      throws IOException {
    for (String name : names()) {
      Path reduced = LIBRARY.resolve("reduced").resolve(name + ".yaml");
      assertTrue(Files.exists(reduced), "no reduced variant of " + name);
      List<String> full = significant(LIBRARY.resolve(name + ".yaml"));
      List<String> small = significant(reduced);
      assertEquals(full.size(), small.size(), name + ": the variants differ in shape");
      for (int i = 0; i < full.size(); i++) {
        if (!full.get(i).equals(small.get(i))) {
          assertTrue(
              isSize(full.get(i)), name + ": '" + small.get(i) + "' differs in more than size");
        }
      }
    }
  }

  /** The lines that say something: comments and blank lines dropped. */
  private static List<String> significant(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
        .map(l -> l.replaceAll("\\s+#.*$", ""))
        .toList();
  }

  /**
   * Only run lengths, warm-ups, attack times and sweep value lists (of any parameter, numbered ones
   * such as {@code migration.0.workingSetPages} included) may shrink.
   */
  private static boolean isSize(String line) {
    String key = line.strip().split(":", 2)[0];
    return key.equals("endUs")
        || key.endsWith("warmupPs")
        || key.endsWith("warmupUs")
        || key.endsWith("attackPs")
        || line.strip().matches("[A-Za-z][A-Za-z0-9.]*: \\[.*\\]");
  }
}
