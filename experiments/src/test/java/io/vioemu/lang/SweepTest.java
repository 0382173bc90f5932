package io.vioemu.lang;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli;
import io.vioemu.cli.Main;
import io.vioemu.results.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameter sweeps and repetitions: expansion, limits, validation, and results. */
class SweepTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private static final String NETPERF = "name: s\nmodel: netperf-star\nendUs: 10\n";

  private List<Sweep.Point> points(String yaml) throws IOException {
    Experiment e = Experiment.load(write("s.yaml", yaml));
    return e.sweep().points(e.seed());
  }

  private static List<Map<String, String>> params(List<Sweep.Point> points) {
    return points.stream().map(Sweep.Point::params).toList();
  }

  @Test
  void shouldVaryTheLastParameterFastestWhenCartesian() throws IOException {
    List<Sweep.Point> p =
        points(
            NETPERF
                + "sweep: {params: {messageBytes: [64, 256, 1024], io.iommu: [off, strict]}}\n");
    assertEquals(
        List.of(
            Map.of("messageBytes", "64", "io.iommu", "off"),
            Map.of("messageBytes", "64", "io.iommu", "strict"),
            Map.of("messageBytes", "256", "io.iommu", "off"),
            Map.of("messageBytes", "256", "io.iommu", "strict"),
            Map.of("messageBytes", "1024", "io.iommu", "off"),
            Map.of("messageBytes", "1024", "io.iommu", "strict")),
        params(p));
    assertEquals(List.of("messageBytes", "io.iommu"), List.copyOf(p.get(0).params().keySet()));
    for (int i = 0; i < p.size(); i++) {
      assertEquals(i, p.get(i).index());
      assertEquals(1, p.get(i).seed());
    }
  }

  @Test
  void shouldPairTheIthValuesWhenZipped() throws IOException {
    List<Sweep.Point> p =
        points(
            NETPERF
                + "sweep:\n  mode: zipped\n  params:\n    messageBytes: [64, 1024]\n"
                + "    params.io.iommu: [off, strict]\n");
    assertEquals(
        List.of(
            Map.of("messageBytes", "64", "io.iommu", "off"),
            Map.of("messageBytes", "1024", "io.iommu", "strict")),
        params(p));
  }

  @Test
  void shouldNameTheShorterListsLineWhenZippedLengthsDiffer() throws IOException {
    Path f =
        write(
            "z.yaml",
            NETPERF
                + "sweep:\n  mode: zipped\n  params:\n    messageBytes: [64, 256, 1024]\n"
                + "    io.iommu: [off, strict]\n");
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(
        e.getMessage()
            .startsWith(
                f
                    + ":8:15: field 'sweep.params.io.iommu': zipped lists must have equal lengths,"
                    + " but it has 2 values and 'messageBytes' has 3"),
        e.getMessage());
  }

  @Test
  void shouldRunEachPointWithConsecutiveSeedsWhenRepeated() throws IOException {
    List<Sweep.Point> p =
        points(NETPERF + "seed: 40\nrepetitions: 3\nsweep: {params: {messageBytes: [64, 128]}}\n");
    assertEquals(6, p.size());
    assertArrayEquals(
        new long[] {40, 41, 42, 40, 41, 42}, p.stream().mapToLong(Sweep.Point::seed).toArray());
    assertEquals("64", p.get(2).params().get("messageBytes"));
    assertEquals("128", p.get(3).params().get("messageBytes"));
    assertEquals(
        "messageBytes=128 seed=41", p.get(4).label(Experiment.load(dir.resolve("s.yaml")).sweep()));
  }

  @Test
  void shouldRepeatWithoutSweepWhenOnlyRepetitionsIsGiven() throws IOException {
    List<Sweep.Point> p = points(NETPERF + "repetitions: 2\n");
    assertEquals(List.of(Map.of(), Map.of()), params(p));
    assertEquals(List.of(1L, 2L), p.stream().map(Sweep.Point::seed).toList());
  }

  @Test
  void shouldHaveNoSweepWhenTheFileHasNone() throws IOException {
    assertNull(Experiment.load(write("n.yaml", NETPERF)).sweep());
  }

  @Test
  void shouldRefuseBeforeExpandingWhenTheSweepHasABillionPoints() throws IOException {
    StringBuilder yaml = new StringBuilder(NETPERF + "sweep:\n  params:\n");
    for (String p :
        List.of(
            "messageBytes",
            "responseBytes",
            "receiveCallBytes",
            "propagationPs",
            "forwardingPs",
            "forwardingJitterPs",
            "startStaggerPs",
            "rxCoalesceFrames",
            "rxCoalescePs")) {
      yaml.append("    ").append(p).append(": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
    }
    Path f = write("big.yaml", yaml.toString());
    long start = System.nanoTime();
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(
        e.getMessage().startsWith(f + ":4:1: field 'sweep': the sweep has 1000000000 points"),
        e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused without expanding");
  }

  @Test
  void shouldCountRepetitionsWhenLimitingPoints() throws IOException {
    Path f =
        write(
            "r.yaml",
            NETPERF + "repetitions: 101\nsweep: {params: {hosts: [" + "2, ".repeat(99) + "2]}}\n");
    UsageException e = assertThrows(UsageException.class, () -> Experiment.load(f));
    assertTrue(
        e.getMessage().contains("10100 points (100 combinations x 101 repetitions)"),
        e.getMessage());
  }

  @Test
  void shouldRefuseSetWhenItTargetsTheSweep() {
    for (String arg : List.of("sweep=x", "sweep.mode=zipped", "sweep.params.hosts=2")) {
      UsageException e = assertThrows(UsageException.class, () -> Setting.parse(arg));
      assertTrue(e.getMessage().contains("field 'sweep' cannot be set"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseSetWhenItFixesASweptParameter() throws IOException {
    Path f = write("s.yaml", NETPERF + "sweep: {params: {messageBytes: [64, 128]}}\n");
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> Experiment.load(f, Setting.parseAll(List.of("messageBytes=512"))));
    assertTrue(
        e.getMessage().contains("--set messageBytes=512: parameter 'messageBytes' is swept"),
        e.getMessage());
  }

  @Test
  void shouldCheckEveryPointWhenValidatingASweep() throws IOException {
    Path good =
        write(
            "good.yaml",
            NETPERF
                + "sweep: {params: {messageBytes: [64, 1024], io.iommu: [off, strict]}}\n"
                + "profile: none\n");
    Path bad =
        write(
            "bad.yaml",
            NETPERF
                + "sweep:\n  params:\n    io.iommu: [off, strict]\n    hosts: [2, 1]\n"
                + "profile: none\n");
    InProcessCli.Output o = vioemu("validate", good.toString(), bad.toString());
    assertEquals(Main.EXIT_USAGE, o.code(), o.err());
    assertEquals(good + ": ok\n", o.out().replace(System.lineSeparator(), "\n"));
    assertTrue(o.err().contains(bad + ":7:16: field 'sweep.params.hosts': "), o.err());
  }

  @Test
  void shouldWritePointsInOrderAndIdenticallyWhenASweepRunsTwice() throws IOException {
    Path f =
        write(
            "ties.yaml",
            "name: tsweep\nmodel: ties\nseed: 5\nendUs: 20\nparams:\n  population: 2\n"
                + "repetitions: 2\nsweep:\n  params:\n    entities: [4, 8]\n");
    String[] json = new String[2];
    String[] csv = new String[2];
    for (int run = 0; run < 2; run++) {
      Path out = dir.resolve("out" + run);
      InProcessCli.Output o = vioemu("run", f.toString(), "--out", out.toString());
      assertEquals(0, o.code(), o.err());
      json[run] = Files.readString(out.resolve("metrics.json"));
      csv[run] = Files.readString(out.resolve("metrics.csv"));
    }
    assertEquals(json[0], json[1]);
    assertEquals(csv[0], csv[1]);
    String j = json[0];
    assertTrue(
        j.startsWith(
            "{\"experiment\":\"tsweep\",\"model\":\"ties\","
                + "\"versions\":{\"vioemu\":\""
                + Versions.vioemu()
                + "\",\"metricsJson\":2}"
                + ",\"seed\":5,\"endPs\":20000000,"
                + "\"params\":{\"population\":\"2\"},"
                + "\"sweep\":{\"mode\":\"cartesian\",\"params\":[\"entities\"],\"repetitions\":2},"
                + "\"points\":[{\"index\":0,\"params\":{\"entities\":\"4\"},\"seed\":5,"
                + "\"metrics\":{"),
        j);
    int p1 = j.indexOf("{\"index\":1,\"params\":{\"entities\":\"4\"},\"seed\":6,");
    int p2 = j.indexOf("{\"index\":2,\"params\":{\"entities\":\"8\"},\"seed\":5,");
    int p3 = j.indexOf("{\"index\":3,\"params\":{\"entities\":\"8\"},\"seed\":6,");
    assertTrue(0 < p1 && p1 < p2 && p2 < p3, j);
    assertTrue(j.endsWith("}]}\n"), j);
    List<String> lines = csv[0].lines().toList();
    assertEquals("point,entities,entity,metric,value", lines.get(0));
    assertTrue(lines.get(1).startsWith("0,4,model,events,"), lines.get(1));
    assertEquals(
        List.of("0", "1", "2", "3"),
        lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().toList());
  }
}
