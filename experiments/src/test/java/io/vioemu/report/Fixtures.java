package io.vioemu.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The run directories under {@code src/test/resources/report/}: real outputs of tiny runs (a
 * 4-point IOMMU sweep and a 2-flow incast), with a {@code reference} list added to their
 * experiment.yaml. Tests work on copies.
 */
final class Fixtures {
  static final Path ROOT = Path.of("src/test/resources/report");

  private Fixtures() {}

  /** A fresh copy of fixture {@code name} ("sweep" or "single") under {@code into}. */
  static Path copy(String name, Path into) throws IOException {
    Path from = ROOT.resolve(name);
    Path to = into.resolve(name);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      files.forEach(
          f -> {
            try {
              Files.copy(f, to.resolve(f.getFileName().toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return to;
  }
}
