package io.vioemu.guest.migration;

import io.vioemu.fabric.kernel.MetricSink;

/** A migration in progress, as its stream drives it: pre-copy or post-copy. */
public interface Migration {

  /** Stops what must stop and hands the stream its first bytes. */
  void start(long nowPs);

  /** The stream delivered the last bytes handed to it. */
  void onSent(long nowPs);

  boolean done();

  /** Its results under {@code prefix} ({@code migration.0.}), once {@link #done()}. */
  void report(String prefix, MetricSink sink);
}
