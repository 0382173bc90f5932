package io.vioemu.fabric.kernel;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

/**
 * The partitions of a run that share one JVM: each has an in-memory queue its local peers put their
 * window batches in, so that partitions on one JVM exchange batches without serializing them. Peers
 * on other JVMs are reached through the {@code remote} link each partition is given.
 */
public final class LocalPeers {
  private final boolean[] local;
  private final ManyToOneConcurrentLinkedQueue<PeerBatch>[] inbound;
  private final Thread[] threads;

  /**
   * @param partitions how many partitions the run has in all
   * @param localPartitions the ones in this JVM
   */
  @SuppressWarnings("unchecked")
  public LocalPeers(int partitions, int[] localPartitions) {
    this.local = new boolean[partitions];
    this.inbound = new ManyToOneConcurrentLinkedQueue[partitions];
    this.threads = new Thread[partitions];
    for (int p : localPartitions) {
      local[p] = true;
      inbound[p] = new ManyToOneConcurrentLinkedQueue<>();
    }
  }

  /**
   * The thread that runs local partition {@code partition}: a batch for it wakes it at once if it
   * parked while it waited, instead of when its park times out.
   */
  public void runsOn(int partition, Thread thread) {
    threads[partition] = thread;
  }

  /** Whether {@code partition} runs in this JVM. */
  public boolean isLocal(int partition) {
    return local[partition];
  }

  /** The link of local partition {@code self}: its local peers in memory, the others by remote. */
  public PeerLink linkFor(int self, PeerLink remote) {
    if (!local[self]) {
      throw new IllegalArgumentException("partition " + self + " is not local");
    }
    return new Link(self, remote);
  }

  private final class Link implements PeerLink {
    private final int self;
    private final PeerLink remote;

    Link(int self, PeerLink remote) {
      this.self = self;
      this.remote = remote;
    }

    @Override
    public void sendWindow(int peer, long window, long nextEventPs, List<TimedEvent> events) {
      if (local[peer]) {
        inbound[peer].offer(new PeerBatch(self, window, nextEventPs, events));
        Thread waiting = threads[peer];
        if (waiting != null) {
          LockSupport.unpark(waiting);
        }
      } else {
        remote.sendWindow(peer, window, nextEventPs, events);
      }
    }

    @Override
    public int poll(Consumer<PeerBatch> onBatch) {
      int work = 0;
      ManyToOneConcurrentLinkedQueue<PeerBatch> queue = inbound[self];
      for (PeerBatch b = queue.poll(); b != null; b = queue.poll()) {
        onBatch.accept(b);
        work++;
      }
      return work + remote.poll(onBatch);
    }

    @Override
    public long bytesSent() {
      return remote.bytesSent();
    }
  }
}
