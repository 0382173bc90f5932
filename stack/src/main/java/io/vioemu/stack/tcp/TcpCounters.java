package io.vioemu.stack.tcp;

/** What a connection did, for metrics. */
public final class TcpCounters {
  long segmentsSent;
  long dataSegmentsSent;
  long pureAcksSent;
  long retransmittedSegments;
  long retransmittedBytes;
  long fastRetransmits;
  long timeouts;
  long segmentsReceived;
  long outOfOrderSegments;
  long duplicateSegments;
  long droppedOutsideWindow;
  long delayedAcksFired;
  long windowProbes;
  long sackBlocksSent;
  long sackRecoveries;
  long lostRetransmits;

  public long segmentsSent() {
    return segmentsSent;
  }

  public long dataSegmentsSent() {
    return dataSegmentsSent;
  }

  public long pureAcksSent() {
    return pureAcksSent;
  }

  public long retransmittedSegments() {
    return retransmittedSegments;
  }

  public long retransmittedBytes() {
    return retransmittedBytes;
  }

  public long fastRetransmits() {
    return fastRetransmits;
  }

  public long timeouts() {
    return timeouts;
  }

  public long segmentsReceived() {
    return segmentsReceived;
  }

  public long outOfOrderSegments() {
    return outOfOrderSegments;
  }

  public long duplicateSegments() {
    return duplicateSegments;
  }

  public long droppedOutsideWindow() {
    return droppedOutsideWindow;
  }

  public long delayedAcksFired() {
    return delayedAcksFired;
  }

  public long windowProbes() {
    return windowProbes;
  }

  /** SACK blocks in all segments sent (a segment carries up to 3 with timestamps, 4 without). */
  public long sackBlocksSent() {
    return sackBlocksSent;
  }

  /** Loss recoveries driven by the SACK scoreboard (RFC 6675); each is also a fast retransmit. */
  public long sackRecoveries() {
    return sackRecoveries;
  }

  /** Retransmissions found lost because data sent after them was SACKed, and sent again. */
  public long lostRetransmits() {
    return lostRetransmits;
  }
}
