package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken experiment files ({@code src/test/resources/broken/}): each is rejected by
 * {@code vioemu validate} (the checks {@code run} makes before it starts anything) with exit code 2
 * and one error line naming the file, the line and column, and what is wrong. Each file says what
 * it expects in its first line: {@code # expect: FRAGMENT}.
 */
class BrokenExperimentTest {
  static final Path CORPUS = Path.of("src/test/resources/broken");
  private static final String EXPECT = "# expect: ";

  static List<Path> corpus() throws IOException {
    return ListCommand.yamlFiles(CORPUS);
  }

  @Test
  void shouldHoldAtLeastThirtyCasesWhenCorpusIsListed() throws IOException {
    assertTrue(corpus().size() >= 30, "only " + corpus().size() + " broken files");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void shouldRejectBrokenFileWithExpectedMessage(Path file) throws IOException {
    String first =
        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
            .lines()
            .findFirst()
            .orElse("");
    assertTrue(first.startsWith(EXPECT), file + " must start with '" + EXPECT + "FRAGMENT'");
    String expected = first.substring(EXPECT.length()).strip();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), "validate", file.toString());

    String stderr = err.toString();
    assertEquals(Main.EXIT_USAGE, code, file + ": " + stderr);
    assertEquals("", out.toString(), "nothing is 'ok'");
    List<String> lines = stderr.lines().toList();
    assertEquals(1, lines.size(), "one error line: " + stderr);
    String line = lines.get(0);
    String prefix = "vioemu: error: " + file + ":";
    assertTrue(line.startsWith(prefix), line);
    assertTrue(
        Pattern.compile("\\d+:\\d+: .+").matcher(line.substring(prefix.length())).lookingAt(),
        "file:line:column: " + line);
    assertTrue(line.contains(expected), "expected '" + expected + "' in: " + line);
  }
}
