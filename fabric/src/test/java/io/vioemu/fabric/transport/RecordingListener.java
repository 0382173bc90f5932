package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vioemu.proto.fabric.WindowBatch;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Queues every callback so tests can wait for them with bounded timeouts. */
final class RecordingListener implements FabricListener {
  final BlockingQueue<WindowBatch> batches = new LinkedBlockingQueue<>();
  final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
  final BlockingQueue<String> peersLost = new LinkedBlockingQueue<>();
  final BlockingQueue<String> rejected = new LinkedBlockingQueue<>();

  @Override
  public void onBatch(WindowBatch batch) {
    batches.add(batch);
  }

  @Override
  public void onTransportError(String oneLineMessage) {
    errors.add(oneLineMessage);
  }

  /** Queued as "reason: detail". */
  @Override
  public void onRejected(Rejection reason, String oneLineDetail) {
    rejected.add(reason + ": " + oneLineDetail);
  }

  @Override
  public void onPeerLost(String sourceIdentity) {
    peersLost.add(sourceIdentity);
  }

  static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
    try {
      T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(item, "no " + what + " within " + timeout.toMillis() + " ms");
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }
}
