package io.vioemu.fabric.kernel;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Collects partitions' outcomes for a test thread to wait on: a {@link PartitionRunner.Finished},
 * or the failure's reason as a String.
 */
final class QueuedOutcomes implements PartitionRunner.Outcome {
  final BlockingQueue<Object> reports = new LinkedBlockingQueue<>();

  @Override
  public void finished(PartitionRunner.Finished result) {
    reports.add(result);
  }

  @Override
  public void failed(int partition, String reason) {
    reports.add(reason);
  }
}
