package io.vioemu.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Setting;
import io.vioemu.lang.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, failure 6: a model too large for the heap is refused before it runs. */
class MemoryEstimateTest {
  @TempDir Path dir;

  private Experiment star(int hosts) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("star.yaml"),
            "name: star\nmodel: netperf-star\nprofile: modern-x86-10gbe\nendUs: 10\n"
                + "params: {hosts: "
                + hosts
                + ", senders: "
                + (hosts - 1)
                + "}\n");
    return Experiment.load(f, List.<Setting>of());
  }

  @Test
  void shouldRefuseNamingTheEstimateAndTheXmxWhenTheModelCannotFitTheHeap() throws IOException {
    Experiment e = star(16_384);
    Model m = ModelCheck.checkModel(e);
    UsageException refused =
        assertThrows(UsageException.class, () -> MemoryEstimate.check(e, m, 1, 1L << 30));
    String msg = refused.getMessage();
    assertTrue(msg.startsWith(e.file() + ":2:8: model 'netperf-star' with 16385 entities"), msg);
    assertTrue(msg.contains("more than this JVM's 1024 MiB"), msg);
    assertTrue(msg.contains("VIOEMU_JAVA_OPTS=-Xmx2g"), msg);
    // Two JVMs share the entities: each needs about half.
    long one = MemoryEstimate.runnerBytes("netperf-star", m, 1);
    long two = MemoryEstimate.runnerBytes("netperf-star", m, 2);
    assertTrue(two < one * 0.6, one + " vs " + two);
  }

  @Test
  void shouldAcceptWhenTheModelFitsTheHeap() throws IOException {
    Experiment e = star(64);
    Model m = ModelCheck.checkModel(e);
    MemoryEstimate.check(e, m, 1, 1L << 30);
    assertEquals(65, m.entityCount());
  }
}
