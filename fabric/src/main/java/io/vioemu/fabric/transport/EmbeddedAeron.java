package io.vioemu.fabric.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * An in-process Aeron media driver plus a client connected to it, in a private directory so that
 * several instances (several simulated nodes, or tests) can coexist in one JVM.
 */
public final class EmbeddedAeron implements AutoCloseable {

  /*
   * The eager idle strategy of the driver while it moves UDP datagrams ({@link DriverIdle} chooses),
   * and of a receive thread where tools use one. Target hosts may have only two
   * cores, shared by the simulator and the driver, so busy-spinning is out.
   * Measured on a 2-core VM, two nodes in one JVM, small batches after 0-2 ms idle gaps
   * (LoopbackLatencyTest), median one-way latency / idle CPU of the whole JVM:
   *   SleepingMillisIdleStrategy(1)   2.2 ms / 14 %  (each hop pays a full timer sleep)
   *   backoff, max park 1 ms          1.1 ms / 14 %
   *   backoff, max park 500 us        0.8 ms / 20 %
   *   backoff, max park 250 us        0.55 ms / 26-31 %   <- chosen
   *   backoff, max park 100 us        0.4 ms / 45 %
   *   backoff, max park 20 us         0.3 ms / 67 %
   * Every window barrier waits for a message, so latency multiplies by the window count; below
   * 250 us the idle burn grows faster than the latency shrinks.
   */
  private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
  private static final long MAX_PARK_NS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("vioemu.aeron.max-park-us", 250));
  private static final int MAX_SPINS = 10;
  private static final int MAX_YIELDS = 5;
  private static final String DIR_PREFIX = "vioemu-aeron-";

  /** Beside the driver's own directory, which the driver wipes when it starts. */
  private static final String OWNER_FILE = "vioemu-owner.pid";

  private static final String DRIVER_DIR = "driver";

  private final Path directory;
  private final MediaDriver driver;
  private final Aeron aeron;
  /* The driver's, when this instance runs one; null for a client of another JVM's driver. */
  private final DriverIdle driverIdle;
  private boolean closed;

  private EmbeddedAeron(Path directory, MediaDriver driver, Aeron aeron, DriverIdle driverIdle) {
    this.directory = directory;
    this.driver = driver;
    this.aeron = aeron;
    this.driverIdle = driverIdle;
  }

  /** Starts a driver in a fresh temporary directory and connects a client to it. */
  public static EmbeddedAeron launch() {
    reapAbandonedDirectories();
    Path directory = createDirectory();
    MediaDriver driver = null;
    DriverIdle idle = new DriverIdle(newIdleStrategy());
    try {
      driver = MediaDriver.launch(driverContext(directory, idle));
      Aeron aeron =
          Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
      return new EmbeddedAeron(directory, driver, aeron, idle);
    } catch (RuntimeException e) {
      CloseHelper.quietClose(driver);
      IoUtil.delete(directory.toFile(), true);
      throw e;
    }
  }

  /**
   * Connects a client to the media driver of another JVM on this machine (its {@link
   * #driverDirectory()}); this instance starts no driver and owns no directory.
   */
  public static EmbeddedAeron connect(String driverDirectory) {
    Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDirectory));
    return new EmbeddedAeron(null, null, aeron, null);
  }

  /** The media driver's directory, which identifies it to every client on this machine. */
  public String driverDirectory() {
    return aeron.context().aeronDirectoryName();
  }

  /** A fresh idle strategy instance (they are stateful, so never share one between threads). */
  public static IdleStrategy newIdleStrategy() {
    return new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS);
  }

  /**
   * A client of this JVM opened a route over UDP: the driver's threads now move its datagrams, so
   * the driver idles eagerly until every such route is closed. A client of another JVM's driver
   * ({@link #connect}) cannot tell that driver; its routes are IPC in the runs {@code --jvms}
   * starts, and a JVM that reaches other machines over UDP runs its own driver.
   */
  void udpRouteOpened() {
    if (driverIdle != null) {
      driverIdle.udpRouteOpened();
    }
  }

  void udpRouteClosed() {
    if (driverIdle != null) {
      driverIdle.udpRouteClosed();
    }
  }

  /**
   * Datagrams this instance's media driver dropped as not Aeron's protocol (too short, wrong
   * version): noise sent to a UDP port it receives on, which never reaches a subscription. A
   * running total since the driver started; 0 for a client of another JVM's driver, whose owner
   * counts them.
   */
  public long invalidPackets() {
    if (driver == null) {
      return 0;
    }
    return driver.context().systemCounters().get(SystemCounterDescriptor.INVALID_PACKETS).get();
  }

  /** Routes over UDP that this JVM's clients hold open on this instance's driver (0 if none). */
  int udpRoutes() {
    return driverIdle == null ? 0 : driverIdle.udpRoutes();
  }

  private static MediaDriver.Context driverContext(Path directory, DriverIdle idle) {
    return new MediaDriver.Context()
        .aeronDirectoryName(directory.resolve(DRIVER_DIR).toString())
        .dirDeleteOnStart(true)
        .dirDeleteOnShutdown(true)
        // One driver thread: the machines are small and our traffic is bursty, not saturating.
        .threadingMode(ThreadingMode.SHARED)
        .sharedIdleStrategy(idle)
        // Sparse log files: avoids zero-filling 48 MiB per publication/image up front.
        .termBufferSparseFile(true);
  }

  private static Path createDirectory() {
    try {
      Path dir = Files.createTempDirectory(DIR_PREFIX);
      Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Aeron directory", e);
    }
  }

  /**
   * Deletes the directories of drivers whose JVM died without closing them (killed nodes): each
   * holds ~50 MB of log buffers, and nothing else would ever remove them.
   */
  static int reapAbandonedDirectories() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    int reaped = 0;
    try (var dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        if (ownerIsGone(dir)) {
          IoUtil.delete(dir.toFile(), true);
          reaped++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Reaping is housekeeping; a directory we cannot read or delete is left alone.
    }
    return reaped;
  }

  private static boolean ownerIsGone(Path dir) throws IOException {
    Path owner = dir.resolve(OWNER_FILE);
    if (!Files.exists(owner)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(owner).trim());
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  public Aeron aeron() {
    return aeron;
  }

  /**
   * This instance's private directory (the driver's files are below it); unique per instance, null
   * for a client of another JVM's driver.
   */
  public Path directory() {
    return directory;
  }

  /** Closes the client before the driver, so the client never sees its driver vanish. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    CloseHelper.closeAll(aeron, driver);
    if (directory != null) {
      IoUtil.delete(directory.toFile(), true);
    }
  }
}
