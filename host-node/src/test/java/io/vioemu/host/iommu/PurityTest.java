package io.vioemu.host.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IOMMU and memory packages are model code throughout: no actor, transport or protobuf imports,
 * no wall clock, no shared randomness. (The fabric's rule covers only {@code *Model.java} outside
 * its listed packages.)
 */
class PurityTest {
  private static final List<Path> PACKAGES =
      List.of(
          Path.of("src/main/java/io/vioemu/host/iommu"),
          Path.of("src/main/java/io/vioemu/host/memory"));
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "^import\\s+(static\\s+)?(org\\.apache\\.pekko|io\\.aeron|org\\.agrona"
              + "|com\\.google\\.protobuf)\\.|System\\.(currentTimeMillis|nanoTime)|Instant\\.now"
              + "|LocalDateTime\\.now|Math\\.random|new\\s+Random\\(|ThreadLocalRandom|Thread\\.sleep",
          Pattern.MULTILINE);

  @Test
  void shouldFindNoForbiddenDependencyWhenScanningTheModelSources() throws IOException {
    List<String> offenders = new ArrayList<>();
    int files = 0;
    for (Path dir : PACKAGES) {
      assertTrue(Files.exists(dir.resolve("package-info.java")), dir + " lacks package-info");
      try (Stream<Path> s = Files.list(dir)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          var m = FORBIDDEN.matcher(Files.readString(f));
          if (m.find()) {
            offenders.add(f.getFileName() + ": " + m.group());
          }
        }
      }
    }
    assertTrue(files > 20, "scanned " + files + " files");
    assertEquals(List.of(), offenders);
  }
}
