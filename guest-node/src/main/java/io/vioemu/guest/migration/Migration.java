package io.vioemu.guest.migration;

/** A migration in progress, as its stream drives it: pre-copy or post-copy. */
public interface Migration {

  /** Stops what must stop and hands the stream its first bytes. */
  void start(long nowPs);

  /** The stream delivered the last bytes handed to it. */
  void onSent(long nowPs);

  boolean done();
}
