package io.vioemu.cli;

import io.vioemu.lang.Experiment;
import io.vioemu.lang.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vioemu list}: the experiment library, one line per file: its name and description. The
 * library is a directory of the source tree ({@code experiments/library}), not part of the jar: it
 * is looked for under the working directory, then beside the jar.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the experiment library: each file's name and description, sorted by name.",
      "Looks in ./experiments/library, ./library, then the library of the source tree the jar was"
          + " built in."
    })
final class ListCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "List the experiment files in DIR instead of the library.")
  Path dir;

  @Spec CommandSpec spec;

  /** One library entry. */
  record Entry(Path file, String name, String description) {}

  @Override
  public Integer call() throws IOException {
    List<Path> looked = candidates(Path.of(""), codeLocation());
    Path library =
        dir != null
            ? dir
            : find(looked)
                .orElseThrow(
                    () ->
                        new UsageException(
                            "no experiment library found (looked in "
                                + String.join(", ", looked.stream().map(Path::toString).toList())
                                + "); run from the source tree or pass --dir DIR"));
    if (!Files.isDirectory(library)) {
      throw new UsageException("--dir " + library + ": not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Entry> entries = new ArrayList<>();
    int invalid = 0;
    for (Path f : yamlFiles(library)) {
      try {
        Experiment e = Experiment.load(f);
        entries.add(new Entry(f, e.name(), e.description()));
      } catch (UsageException bad) {
        invalid++;
        Main.printUsageError(spec.commandLine(), bad);
      }
    }
    entries.sort(Comparator.comparing(Entry::name).thenComparing(Entry::file));
    int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0);
    spec.commandLine()
        .getErr()
        .println(
            "vioemu: "
                + entries.size()
                + " experiments in "
                + library
                + "; run one with: ./vioemu run "
                + library.resolve("NAME.yaml"));
    spec.commandLine().getErr().flush();
    for (Entry e : entries) {
      out.println(
          String.format("%-" + Math.max(width, 1) + "s  %s", e.name(), e.description()).strip());
    }
    out.flush();
    return invalid == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
  }

  /** The experiment files of a directory ({@code *.yaml}, {@code *.yml}), by file name. */
  static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /** The first candidate that is a directory holding experiment files. */
  static Optional<Path> find(List<Path> candidates) {
    return candidates.stream().filter(ListCommand::isLibrary).findFirst();
  }

  private static boolean isLibrary(Path dir) {
    try {
      return Files.isDirectory(dir) && !yamlFiles(dir).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Where to look, in order: under the working directory, then around the code's location (the jar
   * in {@code experiments/target/}, or {@code experiments/target/classes/} in tests).
   */
  static List<Path> candidates(Path workingDir, Optional<Path> code) {
    List<Path> out = new ArrayList<>();
    out.add(workingDir.resolve("experiments").resolve("library"));
    out.add(workingDir.resolve("library"));
    code.ifPresent(
        c -> {
          for (Path p = c.getParent(); p != null && out.size() < 8; p = p.getParent()) {
            out.add(p.resolve("library"));
            out.add(p.resolve("experiments").resolve("library"));
          }
        });
    return out.stream().map(Path::normalize).distinct().toList();
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = ListCommand.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
