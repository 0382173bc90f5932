package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A results directory is replaced as a whole: nothing of an earlier run stays to mislead. */
class RunFilesTest {
  @TempDir Path dir;

  private void earlierRunWithSeriesAndReport() throws IOException {
    new RunFiles()
        .put(RunFiles.METRICS_JSON, "{\"old\":1}\n")
        .put(RunFiles.METRICS_CSV, "old\n")
        .put(RunFiles.TIMESERIES_CSV, "point,series,tPs,value\n0,x,0,1\n")
        .put(RunFiles.EXPERIMENT_YAML, "name: old\n")
        .put(RunFiles.SETTINGS_JSON, "{}\n")
        .put(RunFiles.RUN_JSON, "{}\n")
        .writeTo(dir);
    Files.writeString(dir.resolve(RunFiles.REPORT_HTML), "<html>old</html>");
    Files.createDirectories(dir.resolve("plots"));
    Files.writeString(dir.resolve("plots/goodput.png"), "png");
    Files.writeString(dir.resolve("plots/goodput.svg"), "svg");
    Files.writeString(dir.resolve("metrics.json.tmp"), "half a file");
    Files.writeString(dir.resolve("notes.txt"), "the user's own");
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldRemoveTheEarlierRunsSeriesAndReportWhenTheNewRunHasNone() throws IOException {
    earlierRunWithSeriesAndReport();
    byte[] yaml = "name: new\n# é\n".getBytes(StandardCharsets.UTF_8);
    new RunFiles()
        .put(RunFiles.EXPERIMENT_YAML, yaml)
        .put(RunFiles.SETTINGS_JSON, "{\"seed\":1,\"jvms\":1,\"set\":[]}\n")
        .put(RunFiles.METRICS_JSON, "{\"new\":1}\n")
        .put(RunFiles.METRICS_CSV, "new\n")
        .put(RunFiles.RUN_JSON, "{\"jvms\":1}\n")
        .writeTo(dir);
    assertEquals(
        List.of(
            "experiment.yaml",
            "metrics.csv",
            "metrics.json",
            "notes.txt",
            "run.json",
            "settings.json"),
        names());
    assertArrayEquals(yaml, Files.readAllBytes(dir.resolve("experiment.yaml")));
    assertEquals("{\"new\":1}\n", Files.readString(dir.resolve("metrics.json")));
    assertEquals("the user's own", Files.readString(dir.resolve("notes.txt")));
  }

  @Test
  void shouldKeepThePlotsDirectoryWhenItHoldsSomethingElse() throws IOException {
    earlierRunWithSeriesAndReport();
    Files.writeString(dir.resolve("plots/README"), "mine");
    new RunFiles().put(RunFiles.METRICS_JSON, "{}\n").writeTo(dir);
    try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
      assertEquals(List.of("README"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void shouldRefuseAFileThatIsNotPartOfARunWhenAdded() {
    assertThrows(IllegalArgumentException.class, () -> new RunFiles().put("../escape", "x"));
  }

  @Test
  void shouldCreateTheDirectoryWhenItDoesNotExist() throws IOException {
    Path nested = dir.resolve("a/b");
    new RunFiles().put(RunFiles.RUN_JSON, "{}\n").writeTo(nested);
    assertTrue(Files.isRegularFile(nested.resolve(RunFiles.RUN_JSON)));
  }
}
