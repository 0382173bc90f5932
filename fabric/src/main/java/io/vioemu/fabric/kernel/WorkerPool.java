package io.vioemu.fabric.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * Load-adaptive execution of one partition's due entities on a fixed set of threads, as Unison for
 * ns-3 does: each (sub-)window, the due entities are dealt to the threads longest first by what
 * each cost in its last window (LPT), so that one heavy entity (a switch) does not hold every
 * thread back. Inside a window entities are independent (what one sends another lands after the
 * window), so which thread runs an entity changes only the speed, never the results.
 *
 * <p>The partition's own thread is worker 0 and runs its share too; the other workers wait for the
 * next window by spinning on a generation counter with their idle strategy.
 */
final class WorkerPool implements AutoCloseable {

  /** What a worker does with one due entity (its local index). */
  interface Task {
    void run(int localIndex);
  }

  private final int workers;
  private final Thread[] helpers;
  private final int[][] share;
  private final int[] shareCount;
  private final long[] load;
  private final AtomicInteger finished = new AtomicInteger();
  private final long[] costNs;
  private long[] order = new long[0];
  private volatile long generation;
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private Task task;
  private final IdleStrategy ownIdle;

  /**
   * @param workers threads in all, the calling partition thread included
   * @param entities the partition's entity count
   * @param idle each helper's strategy while it waits for the next window
   */
  WorkerPool(int workers, int entities, String name, Supplier<IdleStrategy> idle) {
    this.workers = workers;
    this.share = new int[workers][entities];
    this.shareCount = new int[workers];
    this.load = new long[workers];
    this.costNs = new long[entities];
    this.helpers = new Thread[workers - 1];
    this.ownIdle = idle.get();
    for (int w = 1; w < workers; w++) {
      int self = w;
      IdleStrategy strategy = idle.get();
      helpers[w - 1] = new Thread(() -> helperLoop(self, strategy), name + "-worker-" + w);
      helpers[w - 1].setDaemon(true);
      helpers[w - 1].start();
    }
  }

  /**
   * Runs {@code task} on the first {@code dueCount} entries of {@code due}, all threads at once.
   */
  void run(int[] due, int dueCount, Task task) {
    deal(due, dueCount);
    this.task = task;
    finished.set(0);
    generation++; // publishes the shares and the task to the helpers
    runShare(0);
    ownIdle.reset();
    while (finished.get() < workers - 1) {
      ownIdle.idle();
    }
    RuntimeException f = failure;
    if (f != null) {
      failure = null;
      throw f;
    }
  }

  /** Longest processing time first: each entity, costliest first, to the least loaded thread. */
  private void deal(int[] due, int dueCount) {
    if (order.length < dueCount) {
      order = new long[Math.max(dueCount, order.length * 2)];
    }
    for (int k = 0; k < dueCount; k++) {
      int i = due[k];
      order[k] = (Math.min(costNs[i], (1L << 42) - 1) << 21) | i;
    }
    Arrays.sort(order, 0, dueCount);
    Arrays.fill(shareCount, 0);
    Arrays.fill(load, 0);
    for (int k = dueCount - 1; k >= 0; k--) {
      int i = (int) (order[k] & ((1 << 21) - 1));
      int w = 0;
      for (int v = 1; v < workers; v++) {
        if (load[v] < load[w]) {
          w = v;
        }
      }
      share[w][shareCount[w]++] = i;
      load[w] += Math.max(1, costNs[i]);
    }
  }

  private void runShare(int w) {
    int[] mine = share[w];
    for (int k = 0, n = shareCount[w]; k < n; k++) {
      int i = mine[k];
      long startNs = System.nanoTime();
      try {
        task.run(i);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
      costNs[i] = System.nanoTime() - startNs;
    }
  }

  private void helperLoop(int w, IdleStrategy idle) {
    long seen = 0;
    while (true) {
      long g = generation;
      if (closed) {
        return;
      }
      if (g == seen) {
        idle.idle();
        continue;
      }
      idle.reset();
      seen = g;
      runShare(w);
      finished.incrementAndGet();
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
