package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: random mutations of the library's files, each either accepted ({@code FILE: ok}, exit
 * 0) or refused with exit 2 and one line naming {@code file:line:col}; never an exception (exit 1),
 * never a hang. Seeded (the seed is printed, and set with {@code -Dvioemu.fuzz.seed=N}) and bounded
 * in time ({@code -Dvioemu.fuzz.seconds}, 30 by default, but at least 500 mutations; a validation
 * builds the model of every sweep point, 10 to 50 ms, so a default run makes one to three thousand,
 * fewer on a loaded machine; {@code -Dvioemu.fuzz.seconds=300} for many more).
 */
class ValidateFuzzTest {
  private static final Path LIBRARY = Path.of("library");
  private static final int MIN_CASES = 500;
  private static final long PER_CASE_SECONDS = 10;
  private static final String[] TOKENS = {
    ":",
    " ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "#",
    "&a",
    "*a",
    "!!str",
    "\t",
    ",",
    "0",
    "-1",
    "1e99",
    "99999999999999999999",
    "1_000_000_000_000",
    "null",
    "~",
    "true",
    "..",
    "/",
    "\\u0000",
    "hosts",
    "sweep",
    "params",
    "endUs",
    "reference",
    "workload",
    "- ",
    "? ",
    "|",
    ">",
    "%",
    "@",
    "é",
    "\u00a0",
    "\r"
  };

  @TempDir Path dir;

  @Test
  void shouldAcceptOrRefuseAtALineWhenALibraryFileIsMutated() throws Exception {
    long seed = Long.getLong("vioemu.fuzz.seed", System.nanoTime());
    long seconds = Long.getLong("vioemu.fuzz.seconds", 30);
    System.out.println("ValidateFuzzTest seed " + seed + " (-Dvioemu.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    // The reduced variants: the same files with fewer sweep points, so more mutations per second.
    List<Path> files = new ArrayList<>(ListCommand.yamlFiles(LIBRARY.resolve("reduced")));
    files.addAll(ListCommand.yamlFiles(LIBRARY).stream().filter(ValidateFuzzTest::small).toList());
    List<String> sources = new ArrayList<>();
    for (Path f : files) {
      sources.add(Files.readString(f));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    int cases = 0;
    int accepted = 0;
    try {
      while (System.nanoTime() < deadline || cases < MIN_CASES) {
        int which = random.nextInt(sources.size());
        String mutated = mutate(sources.get(which), random);
        Path f = dir.resolve(files.get(which).getFileName());
        Files.write(f, mutated.getBytes(StandardCharsets.UTF_8));
        accepted += check(pool, f, mutated, seed, cases) ? 1 : 0;
        cases++;
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(cases + " mutations, " + accepted + " accepted");
    assertTrue(cases >= MIN_CASES, cases + " cases");
  }

  /** A library file without a reduced variant (the kernel benchmarks). */
  private static boolean small(Path f) {
    return !Files.exists(LIBRARY.resolve("reduced").resolve(f.getFileName()));
  }

  /** Runs validate on {@code f}; fails the test unless it is accepted or refused at a line. */
  private static boolean check(ExecutorService pool, Path f, String text, long seed, int n)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Future<Integer> code =
        pool.submit(
            () ->
                Main.execute(
                    new PrintWriter(out, true), new PrintWriter(err, true), "validate", "" + f));
    int exit;
    try {
      exit = code.get(PER_CASE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException hang) {
      fail("seed " + seed + ", case " + n + ": validate hung on:\n" + text);
      return false;
    }
    String e = err.toString();
    Pattern located =
        Pattern.compile("vioemu: error: " + Pattern.quote(f.toString()) + ":\\d+:\\d+: .*\\R?");
    if (exit == 0 && out.toString().equals(f + ": ok" + System.lineSeparator()) && e.isEmpty()) {
      return true;
    }
    if (exit == 2 && located.matcher(e).matches()) {
      return false;
    }
    fail("seed " + seed + ", case " + n + ": exit " + exit + ", stderr: " + e + "\nfile:\n" + text);
    return false;
  }

  /** One to three random edits: lines dropped, doubled or swapped, tokens put in, text cut. */
  static String mutate(String text, Random random) {
    String s = text;
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
      int at = random.nextInt(lines.size());
      switch (random.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, lines.get(at));
        case 2 -> {
          int other = random.nextInt(lines.size());
          String a = lines.get(at);
          lines.set(at, lines.get(other));
          lines.set(other, a);
        }
        case 3 -> {
          String line = lines.get(at);
          int col = random.nextInt(line.length() + 1);
          lines.set(
              at,
              line.substring(0, col) + TOKENS[random.nextInt(TOKENS.length)] + line.substring(col));
        }
        case 4 -> {
          String line = lines.get(at);
          lines.set(at, line.replaceAll("[0-9][0-9_]*", TOKENS[15 + random.nextInt(6)]));
        }
        default -> {
          String joined = String.join("\n", lines);
          return joined.substring(0, random.nextInt(joined.length() + 1));
        }
      }
      s = String.join("\n", lines);
    }
    return s;
  }
}
