package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedAeronTest {

  @Test
  void shouldDeleteItsDirectoryWhenClosed() {
    Path dir;
    try (EmbeddedAeron aeron = EmbeddedAeron.launch()) {
      dir = aeron.directory();
      assertTrue(Files.isDirectory(dir));
    }
    assertFalse(Files.exists(dir), dir.toString());
  }

  @Test
  void shouldReapDirectoryWhenItsOwnerProcessIsGone() throws Exception {
    Process dead =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    dead.waitFor();
    Path orphan = Files.createTempDirectory("vioemu-aeron-");
    Files.writeString(orphan.resolve("vioemu-owner.pid"), Long.toString(dead.pid()));
    try (EmbeddedAeron live = EmbeddedAeron.launch()) {
      assertFalse(Files.exists(orphan), "orphan of dead pid " + dead.pid() + " survived");
      assertTrue(Files.isDirectory(live.directory()), "a live driver's directory must stay");
      EmbeddedAeron.reapAbandonedDirectories();
      assertTrue(Files.isDirectory(live.directory()), "a live driver's directory must stay");
    }
  }
}
