package io.vioemu.results;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A results directory held by one run: checked before the run, locked for the whole run, and
 * replaced as a whole at the end.
 *
 * <p>The lock is {@code .NAME.lock} beside the directory (a file lock the operating system releases
 * when the process dies; the file holds the holder's pid). A run writes everything into a fresh
 * sibling {@code .NAME.new-RANDOM} (files created new, never through a symbolic link, each
 * fsynced), then renames the old directory to {@code .NAME.old-RANDOM} and the new one into place,
 * and only then removes what the old one held. A process killed between the two renames leaves the
 * old directory beside; the next lock of the same directory renames it back, so a reader finds the
 * old complete directory or the new complete one. A signal (Ctrl-C) waits for a swap under way.
 * Deletes touch only the names a run writes ({@link RunFiles#OWNED}, {@code plots/*.png|svg}),
 * never follow a link, and only in directories a run created or swapped out; anything else an old
 * directory held is moved into the new one.
 */
public final class OutputDir implements Closeable {
  static final String PLOTS = "plots";
  private static final String NEW = ".new-";
  private static final String OLD = ".old-";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Held while a swap is under way, and by the shutdown hook, which waits for it. */
  private static final Object SWAP = new Object();

  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  /**
   * The directories this JVM holds: closing a second channel on a lock file would release the first
   * one's lock, so a second lock here is refused before any channel opens.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private static final List<Staging> PENDING = new ArrayList<>();
  private static boolean shuttingDown;

  private final Path dir;
  private final Path parent;
  private final String name;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private OutputDir(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.parent = dir.getParent();
    this.name = dir.getFileName().toString();
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The directory, absolute. */
  public Path dir() {
    return dir;
  }

  /**
   * Checks {@code requested} (not {@code /}, not a file, not the working directory or one holding
   * it, a writable parent, a directory that is empty or a run's), then takes its lock.
   *
   * @throws UnusableOutputException with a one-line message naming the directory
   */
  public static OutputDir lock(Path requested) throws UnusableOutputException {
    Path abs = requested.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw unusable(requested, "the root directory cannot hold a run's results");
    }
    if (Files.isSymbolicLink(abs)) {
      try {
        abs = abs.toRealPath();
      } catch (IOException e) {
        throw unusable(requested, "a symbolic link to nothing");
      }
    }
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw unusable(requested, "exists and is not a directory");
    }
    Path parent;
    try {
      Files.createDirectories(abs.getParent());
      parent = abs.getParent().toRealPath();
    } catch (IOException e) {
      throw unusable(requested, "cannot create its parent directory: " + oneLine(e));
    }
    abs = parent.resolve(abs.getFileName());
    if (Path.of("").toAbsolutePath().startsWith(abs)) {
      throw unusable(
          requested,
          "the working directory or one that holds it (results replace their directory as a"
              + " whole: name a directory of its own)");
    }
    if (!Files.isWritable(parent)) {
      throw unusable(
          requested,
          "its parent directory "
              + parent
              + " is not writable (results are written beside the directory, then swapped in)");
    }
    OutputDir out = locked(requested, abs);
    try {
      out.recover();
      out.checkContents(requested);
      return out;
    } catch (UnusableOutputException e) {
      out.close();
      throw e;
    } catch (IOException e) {
      out.close();
      throw unusable(requested, oneLine(e));
    }
  }

  private static OutputDir locked(Path requested, Path abs) throws UnusableOutputException {
    Path lockFile = abs.resolveSibling("." + abs.getFileName() + ".lock");
    if (!HELD.add(abs)) {
      throw unusable(
          requested,
          "in use by another run (pid "
              + ProcessHandle.current().pid()
              + "; lock file "
              + lockFile
              + "); try later");
    }
    try {
      return lockedFile(requested, abs, lockFile);
    } catch (UnusableOutputException e) {
      HELD.remove(abs);
      throw e;
    }
  }

  private static OutputDir lockedFile(Path requested, Path abs, Path lockFile)
      throws UnusableOutputException {
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              NOFOLLOW);
    } catch (IOException e) {
      throw unusable(requested, "cannot open its lock file " + lockFile + ": " + oneLine(e));
    }
    FileLock lock = null;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException e) {
      closeQuietly(ch);
      throw unusable(requested, "cannot lock " + lockFile + ": " + oneLine(e));
    }
    if (lock == null) {
      String holder = holder(ch);
      closeQuietly(ch);
      throw unusable(
          requested,
          "in use by another run (pid " + holder + "; lock file " + lockFile + "); try later");
    }
    try {
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      ch.force(true);
    } catch (IOException e) {
      closeQuietly(ch);
      throw unusable(requested, "cannot write its lock file " + lockFile + ": " + oneLine(e));
    }
    return new OutputDir(abs, ch, lock);
  }

  /** The pid the lock file names, or "unknown". */
  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      ch.read(b, 0);
      String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
      return s.matches("[0-9]{1,19}") ? s : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * An existing directory must be writable, and empty or a run's (it holds a name a run writes): a
   * directory of other files is not replaced.
   */
  private void checkContents(Path requested) throws IOException {
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      return;
    }
    Path probe = dir.resolve(".vioemu-probe-" + random());
    try {
      Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      Files.delete(probe);
    } catch (IOException e) {
      throw unusable(requested, "not writable: " + oneLine(e));
    }
    List<String> names = list(dir);
    if (!names.isEmpty()
        && names.stream().noneMatch(n -> RunFiles.OWNED.contains(n) || n.equals(PLOTS))) {
      throw unusable(
          requested,
          "holds files that are not a run's results ("
              + String.join(", ", names.subList(0, Math.min(3, names.size())))
              + (names.size() > 3 ? ", ..." : "")
              + "); name an empty or a new directory");
    }
  }

  /**
   * Finishes what a killed run left: the old directory renamed back when the new one never came,
   * then what is left of swapped-out and half-written directories removed.
   */
  private void recover() throws IOException {
    List<Path> olds = siblings(OLD);
    if (!Files.exists(dir, NOFOLLOW) && !olds.isEmpty()) {
      Path latest = olds.get(olds.size() - 1);
      Files.move(latest, dir, StandardCopyOption.ATOMIC_MOVE);
      olds.remove(latest);
    }
    for (Path old : olds) {
      retire(old, Files.isDirectory(dir, NOFOLLOW) ? dir : null);
    }
    for (Path half : siblings(NEW)) {
      retire(half, null);
    }
  }

  /** This directory's swapped-out or staging siblings, oldest first. */
  private List<Path> siblings(String kind) throws IOException {
    List<Path> out = new ArrayList<>();
    String prefix = "." + name + kind;
    try (DirectoryStream<Path> in = Files.newDirectoryStream(parent)) {
      for (Path p : in) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix)
            && n.length() == prefix.length() + 16
            && Files.isDirectory(p, NOFOLLOW)) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(OutputDir::modified));
    return out;
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, NOFOLLOW).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** A fresh, empty sibling to write the new directory into. */
  public Staging stage() throws IOException {
    hookOnce();
    while (true) {
      Path d = parent.resolve("." + name + NEW + random());
      try {
        Files.createDirectory(d);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      Staging s = new Staging(d);
      synchronized (SWAP) {
        PENDING.add(s);
      }
      return s;
    }
  }

  /** The new directory being written; {@link #commit} swaps it in. */
  public final class Staging {
    private final Path path;

    private Staging(Path path) {
      this.path = path;
    }

    /** Where the files go until the swap (to read back what was written). */
    public Path path() {
      return path;
    }

    /** The directory the files end up in. */
    public Path target() {
      return dir;
    }

    /**
     * Writes {@code relative} (a results file, or {@code plots/NAME}) as a new file, never through
     * a link, and fsyncs it.
     */
    public void write(String relative, byte[] content) throws IOException {
      Path target = owned(relative);
      if (!target.getParent().equals(path)) {
        Path plots = path.resolve(PLOTS);
        if (!Files.isDirectory(plots, NOFOLLOW)) {
          Files.createDirectory(plots);
        }
      }
      try (FileChannel ch =
          FileChannel.open(
              target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
    }

    private Path owned(String relative) {
      String[] parts = relative.split("/", -1);
      boolean plot = parts.length == 2 && parts[0].equals(PLOTS) && isPlot(parts[1]);
      boolean top = parts.length == 1 && RunFiles.OWNED.contains(parts[0]);
      if (!plot && !top) {
        throw new IllegalArgumentException("not a results file: " + relative);
      }
      return path.resolve(relative);
    }

    /**
     * Swaps the new directory in for the old one, then moves anything the old one held that no run
     * writes into the new one and removes the rest.
     *
     * @return notes on what could not be moved (empty normally)
     */
    public List<String> commit() throws IOException {
      Path old = null;
      synchronized (SWAP) {
        if (shuttingDown || !PENDING.contains(this)) {
          throw new IOException("interrupted; the earlier results are kept");
        }
        fsync(path.resolve(PLOTS));
        fsync(path);
        if (Files.exists(dir, NOFOLLOW)) {
          old = parent.resolve("." + name + OLD + random());
          Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(path, dir, StandardCopyOption.ATOMIC_MOVE);
        fsync(parent);
        PENDING.remove(this);
      }
      List<String> notes = new ArrayList<>();
      if (old != null && !retire(old, dir)) {
        notes.add("kept " + old + ": it holds files that could not be moved into " + dir);
      }
      return notes;
    }

    /** Drops a staging directory that will not be swapped in. */
    public void abandon() {
      synchronized (SWAP) {
        PENDING.remove(this);
      }
      try {
        retire(path, null);
      } catch (IOException e) {
        // Left for the next run's recovery.
      }
    }
  }

  /**
   * Empties a swapped-out or staging directory: what a run writes is deleted, anything else moved
   * into {@code keepIn} (when given and free there); the directory goes if it is then empty.
   *
   * @return whether the directory is gone
   */
  private static boolean retire(Path d, Path keepIn) throws IOException {
    for (String n : list(d)) {
      Path p = d.resolve(n);
      if (n.equals(PLOTS) && Files.isDirectory(p, NOFOLLOW)) {
        for (String plot : list(p)) {
          if (isPlot(plot) || isPlot(stripTmp(plot))) {
            Files.deleteIfExists(p.resolve(plot));
          } else if (keepIn != null) {
            Path into = keepIn.resolve(PLOTS);
            if (!Files.exists(into, NOFOLLOW)) {
              Files.createDirectory(into);
            }
            moveIfFree(p.resolve(plot), into.resolve(plot));
          }
        }
        deleteIfEmpty(p);
      } else if (RunFiles.OWNED.contains(stripTmp(n)) && !Files.isDirectory(p, NOFOLLOW)) {
        Files.deleteIfExists(p);
      } else if (keepIn != null) {
        moveIfFree(p, keepIn.resolve(n));
      }
    }
    return deleteIfEmpty(d);
  }

  private static void moveIfFree(Path from, Path to) throws IOException {
    if (!Files.exists(to, NOFOLLOW)) {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static boolean deleteIfEmpty(Path d) throws IOException {
    if (!list(d).isEmpty()) {
      return false;
    }
    Files.deleteIfExists(d);
    return true;
  }

  private static String stripTmp(String n) {
    return n.endsWith(".tmp") ? n.substring(0, n.length() - 4) : n;
  }

  static boolean isPlot(String n) {
    return n.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.(png|svg)");
  }

  private static List<String> list(Path d) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(d, NOFOLLOW)) {
      return out;
    }
    try (DirectoryStream<Path> in = Files.newDirectoryStream(d)) {
      in.forEach(p -> out.add(p.getFileName().toString()));
    }
    out.sort(null);
    return out;
  }

  private static void fsync(Path d) {
    if (!Files.isDirectory(d, NOFOLLOW)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be synced; the files themselves were.
    }
  }

  /** A signal waits for a swap under way, then drops what was being written. */
  private static void hookOnce() {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    synchronized (SWAP) {
                      shuttingDown = true;
                      for (Staging s : PENDING) {
                        try {
                          retire(s.path, null);
                        } catch (IOException e) {
                          // Left for the next run's recovery.
                        }
                      }
                      PENDING.clear();
                    }
                  },
                  "vioemu-results-swap"));
    }
  }

  private static String random() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static UnusableOutputException unusable(Path requested, String why) {
    return new UnusableOutputException("output directory " + requested + ": " + why);
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e.getClass().getSimpleName() + ": " + m.replaceAll("\\s+", " ");
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing held
    }
  }

  /** Releases the lock (the lock file stays: removing it would race with the next run). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // released when the channel closes
    }
    closeQuietly(lockChannel);
    HELD.remove(dir);
  }
}
