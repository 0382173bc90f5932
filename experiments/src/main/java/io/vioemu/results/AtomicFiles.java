package io.vioemu.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes: a reader sees the old file or the new one, never half of one. */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, String content) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a temporary file beside {@code target}, then renames it over the target. */
  public static void write(Path target, byte[] content) throws IOException {
    Path tmp = temporary(target);
    try {
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (Files.isRegularFile(tmp)) {
        Files.deleteIfExists(tmp);
      }
      throw e;
    }
  }

  /** Where {@link #write} puts the content before the rename. */
  static Path temporary(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }
}
