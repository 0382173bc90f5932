package io.vioemu.fabric.runtime;

import io.vioemu.fabric.transport.Rejection;

/**
 * Datagrams on the fabric stream that partitions dropped unapplied, by reason (see {@link
 * Rejection}): what strangers, stale peers and replays sent during a run. Wall-clock world, like
 * the exchange figures: run.json, never metrics.json.
 *
 * @param malformed not a fabric frame
 * @param wrongRun a frame of another run
 * @param badMac a frame whose MAC does not check: forged or altered
 * @param replayed an authentic frame already taken or out of sequence
 */
public record RejectedDatagrams(long malformed, long wrongRun, long badMac, long replayed) {

  public static final RejectedDatagrams NONE = new RejectedDatagrams(0, 0, 0, 0);

  /** From counts indexed by {@link Rejection#ordinal()}. */
  static RejectedDatagrams of(long[] byReason) {
    return new RejectedDatagrams(
        byReason[Rejection.MALFORMED.ordinal()],
        byReason[Rejection.WRONG_RUN.ordinal()],
        byReason[Rejection.BAD_MAC.ordinal()],
        byReason[Rejection.REPLAYED.ordinal()]);
  }

  /** The count for one reason. */
  public long count(Rejection reason) {
    return switch (reason) {
      case MALFORMED -> malformed;
      case WRONG_RUN -> wrongRun;
      case BAD_MAC -> badMac;
      case REPLAYED -> replayed;
    };
  }

  public long total() {
    return malformed + wrongRun + badMac + replayed;
  }

  public RejectedDatagrams plus(RejectedDatagrams o) {
    return new RejectedDatagrams(
        malformed + o.malformed, wrongRun + o.wrongRun, badMac + o.badMac, replayed + o.replayed);
  }
}
