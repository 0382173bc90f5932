package io.vioemu.stack.tcp;

/**
 * RFC 5681 congestion avoidance: about one segment per round trip, counted in acknowledged bytes
 * (RFC 3465, L = 1), and half the window after a loss.
 */
public final class NewReno implements CongestionControl {
  private final long mssBytes;
  private long ackedSinceGrowth;

  public NewReno(long mssBytes) {
    if (mssBytes <= 0) {
      throw new IllegalArgumentException("mss must be > 0, was " + mssBytes);
    }
    this.mssBytes = mssBytes;
  }

  @Override
  public String name() {
    return "newreno";
  }

  @Override
  public long onAckInAvoidance(long cwndBytes, long ackedBytes, long nowPs, long minRttPs) {
    ackedSinceGrowth += ackedBytes;
    if (ackedSinceGrowth >= cwndBytes) {
      ackedSinceGrowth -= cwndBytes;
      return cwndBytes + mssBytes;
    }
    return cwndBytes;
  }

  @Override
  public long ssthreshAfterLoss(long cwndBytes, long nowPs) {
    ackedSinceGrowth = 0;
    return Math.max(cwndBytes / 2, 2 * mssBytes);
  }
}
