package io.vioemu.fabric.ethernet;

/** What a port counts, as a switch's or NIC's statistics would show it. */
public final class PortCounters {
  long txFrames;
  long txBytes;
  long drops;
  long dropBytes;
  long oversizeDrops;
  long maxQueuedBytes;

  public long txFrames() {
    return txFrames;
  }

  public long txBytes() {
    return txBytes;
  }

  /** Frames dropped because the output buffer was full (drop-tail). */
  public long drops() {
    return drops;
  }

  public long dropBytes() {
    return dropBytes;
  }

  /** Frames dropped because their payload exceeded the link's MTU. */
  public long oversizeDrops() {
    return oversizeDrops;
  }

  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }
}
