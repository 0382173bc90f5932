package io.vioemu.fabric.cluster;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * When links and switches of a {@link ClusterShape} are down: each may fail once, at {@code
 * failPs}, and recover once, at {@code recoverPs} (never, if not given). A switch that is down
 * takes all its links down with it. Routing sees each change {@code detectionPs} late: the routing
 * epoch starting at {@code t} routes over the state at {@code t - detectionPs} ({@link
 * #epochStartsPs}).
 */
public final class FaultPlan {
  /** No failure at all. */
  public static FaultPlan none(ClusterShape shape) {
    return new FaultPlan(shape, 0);
  }

  private final ClusterShape shape;
  private final long detectionPs;
  private final long[] linkFailPs;
  private final long[] linkRecoverPs;
  private final long[] switchFailPs;
  private final long[] switchRecoverPs;
  private boolean any;

  public FaultPlan(ClusterShape shape, long detectionPs) {
    if (detectionPs < 0) {
      throw new IllegalArgumentException("detection delay must be >= 0 ps, was " + detectionPs);
    }
    this.shape = shape;
    this.detectionPs = detectionPs;
    this.linkFailPs = never(shape.links().size());
    this.linkRecoverPs = never(shape.links().size());
    this.switchFailPs = never(shape.switches());
    this.switchRecoverPs = never(shape.switches());
  }

  private static long[] never(int n) {
    long[] a = new long[n];
    Arrays.fill(a, Long.MAX_VALUE);
    return a;
  }

  /** Link {@code link} is down from {@code failPs} until {@code recoverPs} (MAX_VALUE: never). */
  public FaultPlan failLink(int link, long failPs, long recoverPs) {
    check(failPs, recoverPs);
    linkFailPs[link] = failPs;
    linkRecoverPs[link] = recoverPs;
    any = true;
    return this;
  }

  /** Switch {@code sw} is down from {@code failPs} until {@code recoverPs} (MAX_VALUE: never). */
  public FaultPlan failSwitch(int sw, long failPs, long recoverPs) {
    check(failPs, recoverPs);
    switchFailPs[sw] = failPs;
    switchRecoverPs[sw] = recoverPs;
    any = true;
    return this;
  }

  private static void check(long failPs, long recoverPs) {
    if (failPs < 0 || recoverPs <= failPs) {
      throw new IllegalArgumentException(
          "a failure must recover after it fails: fail " + failPs + " ps, recover " + recoverPs);
    }
  }

  public boolean hasFaults() {
    return any;
  }

  public long detectionPs() {
    return detectionPs;
  }

  public ClusterShape shape() {
    return shape;
  }

  public boolean linkUp(int link, long atPs) {
    return atPs < linkFailPs[link] || atPs >= linkRecoverPs[link];
  }

  public boolean switchUp(int sw, long atPs) {
    return atPs < switchFailPs[sw] || atPs >= switchRecoverPs[sw];
  }

  /**
   * Whether a frame can cross switch {@code sw}'s port {@code port} at {@code atPs}: the switch,
   * the link and the switch at the far end (if any) are all up.
   */
  public boolean portUp(int sw, int port, long atPs) {
    if (!switchUp(sw, atPs) || !linkUp(shape.linkId(sw, port), atPs)) {
      return false;
    }
    int peer = shape.peerSwitch(sw, port);
    return peer < 0 || switchUp(peer, atPs);
  }

  /**
   * When routing changes: 0, then each failure and recovery time plus the detection delay, in
   * order. Epoch {@code i} lasts from {@code starts[i]} to {@code starts[i + 1]} and routes over
   * the state at {@code starts[i] - detectionPs}.
   */
  public long[] epochStartsPs() {
    TreeSet<Long> t = new TreeSet<>();
    t.add(0L);
    for (long[] times : new long[][] {linkFailPs, linkRecoverPs, switchFailPs, switchRecoverPs}) {
      for (long ps : times) {
        if (ps != Long.MAX_VALUE && ps <= Long.MAX_VALUE - detectionPs) {
          t.add(ps + detectionPs);
        }
      }
    }
    return t.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The instant whose state the epoch starting at {@code epochStartPs} routes over; the first epoch
   * routes over the fabric as built, before any failure (even one at time 0).
   */
  public long viewPs(long epochStartPs) {
    return epochStartPs == 0 ? -1 : epochStartPs - detectionPs;
  }

  /** The first failure or recovery after {@code afterPs}, or MAX_VALUE. */
  public long nextChangeAfterPs(long afterPs) {
    long min = Long.MAX_VALUE;
    for (long[] times : new long[][] {linkFailPs, linkRecoverPs, switchFailPs, switchRecoverPs}) {
      for (long ps : times) {
        if (ps > afterPs) {
          min = Math.min(min, ps);
        }
      }
    }
    return min;
  }

  /** The time the first failure happens, or MAX_VALUE. */
  public long firstFailurePs() {
    long min = Long.MAX_VALUE;
    for (long[] times : new long[][] {linkFailPs, switchFailPs}) {
      for (long ps : times) {
        min = Math.min(min, ps);
      }
    }
    return min;
  }
}
