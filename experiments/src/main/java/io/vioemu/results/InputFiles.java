package io.vioemu.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one way the CLI reads a file: regular files only (no device, FIFO or directory, which could
 * block or never end) and no more than a limit, checked while reading, so a file that grows or lies
 * about its size is cut off too. Messages name the file and never quote what it holds.
 */
public final class InputFiles {
  /** Experiment files and calibration profiles: text a person writes. */
  public static final long MAX_TEXT_BYTES = 4L << 20;

  /** What a run wrote (metrics.json of a very large model, time series). */
  public static final long MAX_RESULTS_BYTES = 1L << 30;

  private InputFiles() {}

  /** Why a file was not read, in words that quote none of its content. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code file} whole.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws Refused when it is not a regular file or holds more than {@code maxBytes}
   * @throws IOException when it cannot be read
   */
  public static byte[] read(Path file, long maxBytes, LinkOption... options) throws IOException {
    if (!Files.exists(file, options)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file, options)) {
      throw new Refused(
          Files.isDirectory(file, options)
              ? "a directory, not a file"
              : "not a regular file (a device, a FIFO, a socket or a link), so it is not read");
    }
    if (Files.size(file) > maxBytes) {
      throw new Refused(tooLarge(maxBytes));
    }
    try (InputStream in = Files.newInputStream(file, options)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new Refused(tooLarge(maxBytes));
      }
      return bytes;
    }
  }

  private static String tooLarge(long maxBytes) {
    return "larger than " + maxBytes + " bytes, the most read from such a file";
  }
}
