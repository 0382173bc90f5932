package io.vioemu.runner;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} leaves in its results directory, in process. */
class ExperimentRunnerTest {
  @TempDir Path dir;

  private static final String TIES =
      "# a comment the copy keeps\nname: tiny\nmodel: ties\nseed: 5\nendUs: 20\n"
          + "params:\n  population: 2\n  entities: 6\n";

  @Test
  void shouldCopyTheInputAndRecordTheOverridesWhenRunWritesResults() throws IOException {
    Path f = Files.writeString(dir.resolve("tiny.yaml"), TIES + "\n\n# trailing\n");
    Path out = dir.resolve("out");
    InProcessCli.Output o =
        vioemu(
            "run",
            f.toString(),
            "--out",
            out.toString(),
            "--seed",
            "9",
            "--set",
            "endUs=3",
            "--set",
            "params.entities=4",
            "--quiet");
    assertEquals(0, o.code(), o.err());
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out.resolve("experiment.yaml")));
    assertEquals(
        "{\"seed\":9,\"jvms\":1,\"set\":[\"endUs=3\",\"params.entities=4\"]}\n",
        Files.readString(out.resolve("settings.json")));
    assertTrue(Files.readString(out.resolve("run.json")).startsWith("{\"jvms\":1,"));
    assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"seed\":9,"));
  }

  @Test
  void shouldReplaceTheEarlierRunsFilesWhenRunAgainIntoTheSameDirectory() throws IOException {
    Path f = Files.writeString(dir.resolve("tiny.yaml"), TIES);
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("timeseries.csv"), "point,series,tPs,value\n0,old,0,1\n");
    Files.writeString(out.resolve("report.html"), "<html>old</html>");
    Files.createDirectories(out.resolve("plots"));
    Files.writeString(out.resolve("plots/old.png"), "png");
    InProcessCli.Output o =
        vioemu("run", f.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(0, o.code(), o.err());
    assertFalse(Files.exists(out.resolve("timeseries.csv")), "the model made no series");
    assertNotEquals(
        "<html>old</html>", Files.readString(out.resolve("report.html")), "the new run's report");
    assertFalse(Files.exists(out.resolve("plots/old.png")));
    assertTrue(Files.exists(out.resolve("run.json")));
  }

  @Test
  void shouldGiveASweepPointTheResultsOfItsOwnRunWhenPointsShareOneCluster() throws IOException {
    Path sweep =
        Files.writeString(
            dir.resolve("sweep.yaml"),
            TIES + "repetitions: 2\nsweep:\n  params:\n    entities: [4, 8]\n");
    Path alone =
        Files.writeString(
            dir.resolve("alone.yaml"),
            TIES.replace("seed: 5", "seed: 6").replace("entities: 6", "entities: 8"));
    InProcessCli.Output s =
        vioemu("run", sweep.toString(), "--out", dir.resolve("s").toString(), "--quiet");
    assertEquals(0, s.code(), s.err());
    InProcessCli.Output a =
        vioemu("run", alone.toString(), "--out", dir.resolve("a").toString(), "--quiet");
    assertEquals(0, a.code(), a.err());
    String sweepJson = Files.readString(dir.resolve("s/metrics.json"));
    String aloneJson = Files.readString(dir.resolve("a/metrics.json"));
    assertTrue(aloneJson.contains("\"entities\":\"8\""), aloneJson);
    int last = sweepJson.indexOf("{\"index\":3,\"params\":{\"entities\":\"8\"},\"seed\":6,");
    assertTrue(last > 0, sweepJson);
    // The last point ran after three others on the same actor system: it must not notice.
    String pointBody =
        sweepJson.substring(sweepJson.indexOf("\"metrics\":", last), sweepJson.length() - 4);
    String aloneBody =
        aloneJson.substring(aloneJson.indexOf("\"metrics\":"), aloneJson.length() - 2);
    assertEquals(aloneBody, pointBody);
  }
}
