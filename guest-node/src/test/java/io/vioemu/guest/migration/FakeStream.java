package io.vioemu.guest.migration;

/**
 * A stream over one idle link of a fixed rate, where 1 byte takes {@code psPerByte}: each send
 * starts when the link is free and the rate limit allows, and ends when its last byte has been
 * serialized. The test drives the model through {@link #deliver()} in time order.
 */
final class FakeStream implements MigrationPorts {
  final long psPerByte;

  Migration model;
  long busyUntilPs;
  long pendingDonePs = -1;
  long pausedAtPs = -1;
  long resumedAtPs = -1;
  long sends;

  FakeStream(long psPerByte) {
    this.psPerByte = psPerByte;
  }

  @Override
  public void send(long bytes, long notBeforePs) {
    if (pendingDonePs >= 0) {
      throw new AssertionError("a second send before the first was delivered");
    }
    long start = Math.max(busyUntilPs, notBeforePs);
    busyUntilPs = start + bytes * psPerByte;
    pendingDonePs = busyUntilPs;
    sends++;
  }

  @Override
  public void pauseVm(long nowPs) {
    pausedAtPs = nowPs;
  }

  @Override
  public void resumeVm(long atPs) {
    resumedAtPs = atPs;
  }

  /** Runs the migration to its end; bounded, so a model that never stops fails the test. */
  void runToEnd() {
    for (int i = 0; i < 10_000_000 && !model.done(); i++) {
      long at = pendingDonePs;
      if (at < 0) {
        throw new AssertionError("the model waits but nothing is being sent");
      }
      pendingDonePs = -1;
      model.onSent(at);
    }
    if (!model.done()) {
      throw new AssertionError("migration did not end");
    }
  }
}
