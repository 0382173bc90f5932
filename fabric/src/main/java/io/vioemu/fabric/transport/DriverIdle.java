package io.vioemu.fabric.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * The embedded media driver's idle strategy: eager (back-off from spinning to short parks) while
 * some route of this driver carries batches over UDP, whose datagrams only the driver's threads
 * move; lazy (one long park per idle cycle) while every route is IPC, where publishers write into
 * and subscribers read from shared memory themselves and the driver only does housekeeping
 * (publication limits, liveness).
 *
 * <p>Why: the driver shares its JVM's core with a partition thread. Measured on a 2-core machine,
 * PHOLD on two JVMs with a core each over IPC: with the eager strategy alone the driver thread took
 * 1.5 s of CPU in a 10 s run on the runner's core (about 15 % taken from the partition every other
 * partition waits for at each barrier), because each window's batch restarts its back-off through
 * nine short parks. The IPC publication window (half the 8 MiB term) holds hundreds of windows'
 * batches, so a millisecond between limit updates never stalls a publisher.
 */
final class DriverIdle implements IdleStrategy {
  private static final long LAZY_PARK_NS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("vioemu.aeron.ipc-park-us", 1000));

  private final IdleStrategy eager;
  private final AtomicInteger udpRoutes = new AtomicInteger();

  DriverIdle(IdleStrategy eager) {
    this.eager = eager;
  }

  /** A route of a client of this driver now sends over UDP; any thread. */
  void udpRouteOpened() {
    udpRoutes.incrementAndGet();
  }

  /** A route opened with {@link #udpRouteOpened} is closed; any thread. */
  void udpRouteClosed() {
    udpRoutes.decrementAndGet();
  }

  int udpRoutes() {
    return udpRoutes.get();
  }

  @Override
  public void idle(int workCount) {
    if (udpRoutes.get() > 0) {
      eager.idle(workCount);
    } else if (workCount <= 0) {
      LockSupport.parkNanos(LAZY_PARK_NS);
    }
  }

  @Override
  public void idle() {
    if (udpRoutes.get() > 0) {
      eager.idle();
    } else {
      LockSupport.parkNanos(LAZY_PARK_NS);
    }
  }

  @Override
  public void reset() {
    eager.reset();
  }

  @Override
  public String alias() {
    return "vioemu-driver";
  }
}
