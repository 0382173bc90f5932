package io.vioemu.fabric.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Models are pure Java state machines: no Pekko, Aeron or protobuf imports, no wall clock, no
 * shared or unseeded randomness. Enforced over the sources of every module, so a new model that
 * breaks the rule fails the build.
 */
class ModelPurityTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES =
      List.of("fabric", "stack", "host-node", "guest-node", "experiments");

  /** The kernel's pure core, besides every {@code *Model.java}. */
  private static final Set<String> PURE_KERNEL =
      Set.of(
          "Entity.java",
          "EntityContext.java",
          "EntityCore.java",
          "EventHeap.java",
          "TimedEvent.java",
          "Model.java",
          "ModelFactory.java",
          "ModelParams.java",
          "ParamSpec.java",
          "PayloadCodec.java",
          "Placement.java",
          "PlacementStrategy.java",
          "Mix.java",
          "EntityRandom.java",
          "CausalityViolation.java",
          "PeerLink.java");

  /**
   * Packages that are model code through and through: the transport stacks ({@code stack}), the
   * host's CPU, memory, IOMMU, PCIe and I/O models, and the guest's half of its I/O model ({@code
   * io.vioemu.guest.virt}).
   */
  private static final Set<String> PURE_PACKAGES =
      Set.of("cpu", "tcp", "udp", "iommu", "memory", "virt", "pcie");

  private static final Pattern FORBIDDEN_IMPORT =
      Pattern.compile(
          "^import\\s+(static\\s+)?(org\\.apache\\.pekko|io\\.aeron|org\\.agrona|com\\.google\\.protobuf)\\.",
          Pattern.MULTILINE);
  private static final Pattern WALL_CLOCK_OR_SHARED_RANDOM =
      Pattern.compile(
          "System\\.(currentTimeMillis|nanoTime)|Instant\\.now|LocalDateTime\\.now|Math\\.random|new\\s+Random\\(|"
              + "ThreadLocalRandom|Thread\\.sleep");

  private static List<Path> pureSources() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String module : MODULES) {
      Path src = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(src)) {
        files
            .filter(
                p -> {
                  String name = p.getFileName().toString();
                  return name.endsWith("Model.java")
                      || (PURE_KERNEL.contains(name) && p.toString().contains("kernel"))
                      || PURE_PACKAGES.contains(p.getParent().getFileName().toString());
                })
            .forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void shouldFindTheKernelAndModelSourcesWhenScanning() throws IOException {
    List<Path> files = pureSources();
    assertTrue(files.stream().anyMatch(p -> p.endsWith("EntityCore.java")), files.toString());
    assertTrue(files.stream().anyMatch(p -> p.endsWith("PholdModel.java")), files.toString());
    assertTrue(files.stream().anyMatch(p -> p.endsWith("TcpConnection.java")), files.toString());
    assertTrue(files.stream().anyMatch(p -> p.endsWith("HostIo.java")), files.toString());
    assertTrue(files.stream().anyMatch(p -> p.endsWith("GuestIo.java")), files.toString());
  }

  @Test
  void shouldImportNoPekkoAeronOrProtobufWhenClassIsAModel() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : pureSources()) {
      if (FORBIDDEN_IMPORT.matcher(Files.readString(p)).find()) {
        offenders.add(p.toString());
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void shouldReadNoWallClockNorSharedRandomWhenClassIsAModel() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : pureSources()) {
      var m = WALL_CLOCK_OR_SHARED_RANDOM.matcher(Files.readString(p));
      if (m.find()) {
        offenders.add(p + ": " + m.group());
      }
    }
    assertEquals(List.of(), offenders);
  }
}
