package io.vioemu.runner;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.UsageException;
import java.util.Map;

/**
 * The heap a run needs, estimated before anything starts from its entity count, so that a model too
 * large for the heap is refused at once with the {@code -Xmx} it needs instead of dying of "Java
 * heap space" minutes into the run.
 *
 * <p>Bytes per entity: the heap that creating every entity of the model took (heap in use after GC,
 * before and after, divided by the entities; measured on this code with tcp-stream at 2,048 hosts:
 * 73 KB, quickstart's virtio hosts: 38 KB; udp64 at 4,096 hosts: 0.7 KB; leafspine: 1 KB; phold at
 * 65,536 LPs: 20 B), times 1.5 for what a running entity adds (queued events, segments in flight),
 * a factor not measured yet. Every JVM of a run has the runner's -Xmx and holds its share of the
 * entities; the runner also holds every entity's end-of-run counters (about 1 KB each).
 */
final class MemoryEstimate {
  private MemoryEstimate() {}

  /** Heap per entity by model, bytes; a model not listed is taken to be like netperf-star. */
  private static final Map<String, Long> BYTES_PER_ENTITY =
      Map.of(
          "netperf-star", 110_000L,
          "eth-star", 1_100L,
          "eth-leafspine", 1_500L,
          "phold", 100L,
          "ties", 100L);

  private static final long DEFAULT_BYTES_PER_ENTITY = 110_000L;
  private static final long COUNTERS_BYTES_PER_ENTITY = 1_000L;
  private static final long BASE_BYTES = 96L << 20;

  /** The heap the runner's JVM needs for {@code model} on {@code jvms} JVMs, in bytes. */
  static long runnerBytes(String modelName, Model model, int jvms) {
    long entities = model.entityCount();
    long per = BYTES_PER_ENTITY.getOrDefault(modelName, DEFAULT_BYTES_PER_ENTITY);
    long share = (entities + jvms - 1) / jvms;
    return BASE_BYTES + share * per + entities * COUNTERS_BYTES_PER_ENTITY;
  }

  /** Refuses (exit 2) a run whose estimate exceeds {@code maxHeapBytes}, naming the -Xmx needed. */
  static void check(Experiment e, Model model, int jvms, long maxHeapBytes) {
    long need = runnerBytes(e.model(), model, jvms);
    if (need <= maxHeapBytes) {
      return;
    }
    long gib = (need + (1L << 30) - 1) >> 30;
    throw new UsageException(
        e.where("model")
            + "model '"
            + e.model()
            + "' with "
            + model.entityCount()
            + " entities needs about "
            + (need >> 20)
            + " MiB of heap per JVM (estimated), more than this JVM's "
            + (maxHeapBytes >> 20)
            + " MiB: run with VIOEMU_JAVA_OPTS=-Xmx"
            + gib
            + "g, or a smaller model");
  }
}
