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
 * @param notAeron UDP datagrams the nodes' media drivers dropped as not Aeron's protocol while the
 *     run went on (noise: it never reaches vioemu's own checks)
 */
public record RejectedDatagrams(
    long malformed, long wrongRun, long badMac, long replayed, long notAeron) {

  public static final RejectedDatagrams NONE = new RejectedDatagrams(0, 0, 0, 0, 0);

  /** From counts indexed by {@link Rejection#ordinal()}, and the driver's count. */
  static RejectedDatagrams of(long[] byReason, long notAeron) {
    return new RejectedDatagrams(
        byReason[Rejection.MALFORMED.ordinal()],
        byReason[Rejection.WRONG_RUN.ordinal()],
        byReason[Rejection.BAD_MAC.ordinal()],
        byReason[Rejection.REPLAYED.ordinal()],
        notAeron);
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
    return malformed + wrongRun + badMac + replayed + notAeron;
  }

  public RejectedDatagrams plus(RejectedDatagrams o) {
    return new RejectedDatagrams(
        malformed + o.malformed,
        wrongRun + o.wrongRun,
        badMac + o.badMac,
        replayed + o.replayed,
        notAeron + o.notAeron);
  }
}
