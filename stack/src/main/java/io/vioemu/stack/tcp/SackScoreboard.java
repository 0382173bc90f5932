package io.vioemu.stack.tcp;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SACK sender's scoreboard (RFC 6675 section 3): what the peer holds above the cumulative ACK,
 * what is lost, and which retransmissions are still in flight, over the outstanding bytes {@code
 * [una, sndMax)}.
 *
 * <p>Loss follows RFC 6675's IsLost: a byte is lost when more than {@code (DupThresh - 1) * SMSS}
 * bytes above it are SACKed, or {@code DupThresh} discontiguous SACKed blocks lie above it. That
 * test is monotone (a byte below a lost byte is lost too), so one number, the loss point, says what
 * is lost. After a retransmission timeout everything outstanding and not SACKed is lost (Linux's
 * tcp_enter_loss).
 *
 * <p>Retransmissions are tracked per range rather than by RFC 6675's single HighRxt, each with the
 * highest byte sent when it left. A retransmission is itself lost when the IsLost test holds at
 * that point, i.e. enough data sent after it has been SACKed (Linux's tcp_mark_lost_retrans); its
 * range then counts as lost and not retransmitted, and is sent again without waiting for the timer.
 *
 * <p>The pipe (RFC 6675 SetPipe) is then: outstanding bytes, less SACKed, less lost, plus
 * retransmitted and in flight, which is Linux's {@code packets_out - sacked_out - lost_out +
 * retrans_out} in bytes.
 */
final class SackScoreboard {
  private final long smss;

  /** RFC 6675 DupThresh. */
  private final int dupThresh;

  /** SACKed ranges above {@code una}, merged: start to end. */
  private final TreeMap<Long, Long> sacked = new TreeMap<>();

  private long sackedBytes;

  /** Retransmissions in flight: start to {end, the highest byte sent (exclusive) when sent}. */
  private final TreeMap<Long, long[]> retransmitted = new TreeMap<>();

  private long retransmittedBytes;

  private long una;

  /** The receiver discarded data it had SACKed. */
  private boolean reneged;

  /** After a timeout: every byte below this is lost unless SACKed. */
  private long lostBelow;

  /** The highest lost byte, or {@code una - 1}: IsLost(s) holds for unSACKed s <= lossPoint. */
  private long lossPoint = -1;

  /** The highest byte that RFC 6675's IsLost test alone declares lost. */
  private long sackLossPoint = -1;

  /** UnSACKed bytes in {@code [una, lossPoint]}. */
  private long lostBytes;

  /**
   * Every byte in {@code [una, scanFrom)} is SACKed or retransmitted: where {@link #nextLost}
   * starts looking. Lowered when a retransmission is found lost or by a timeout.
   */
  private long scanFrom;

  SackScoreboard(long smss, int dupThresh) {
    this.smss = smss;
    this.dupThresh = dupThresh;
  }

  // ---- updates ----

  /**
   * The cumulative ACK moved to {@code newUna}: forget what lies below it. An ACK that stops at the
   * start of SACKed data shows the receiver threw that data away (reneging): the SACK information
   * is not to be trusted at the next timeout.
   */
  void advance(long newUna) {
    una = newUna;
    scanFrom = Math.max(scanFrom, una);
    while (!sacked.isEmpty() && sacked.firstKey() < una) {
      Map.Entry<Long, Long> first = sacked.pollFirstEntry();
      sackedBytes -= first.getValue() - first.getKey();
      if (first.getValue() > una) {
        sacked.put(una, first.getValue());
        sackedBytes += first.getValue() - una;
      }
    }
    while (!retransmitted.isEmpty() && retransmitted.firstKey() < una) {
      Map.Entry<Long, long[]> first = retransmitted.pollFirstEntry();
      long end = first.getValue()[0];
      retransmittedBytes -= end - first.getKey();
      if (end > una) {
        retransmitted.put(una, new long[] {end, first.getValue()[1]});
        retransmittedBytes += end - una;
      }
    }
    if (!sacked.isEmpty() && sacked.firstKey() == una) {
      reneged = true;
    }
  }

  /**
   * Records the blocks of a SACK option, each clipped to {@code [una, sndMax)} (what lies outside
   * is stale or invalid and ignored, RFC 2018 section 8). Retransmissions now SACKed are no longer
   * in flight.
   *
   * @return whether any byte was SACKed for the first time
   */
  boolean addSack(List<SackBlock> blocks, long sndMax) {
    boolean news = false;
    for (SackBlock b : blocks) {
      long start = Math.max(b.start(), una);
      long end = Math.min(b.end(), sndMax);
      if (start < end && addRange(start, end)) {
        news = true;
        removeRetransmitted(start, end);
      }
    }
    return news;
  }

  private boolean addRange(long start, long end) {
    long covered = 0;
    Map.Entry<Long, Long> before = sacked.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      if (before.getValue() >= end) {
        return false; // nothing new
      }
      start = before.getKey();
      covered += before.getValue() - before.getKey();
      end = Math.max(end, before.getValue());
      sacked.remove(before.getKey());
    }
    Map.Entry<Long, Long> after = sacked.ceilingEntry(start);
    while (after != null && after.getKey() <= end) {
      covered += after.getValue() - after.getKey();
      end = Math.max(end, after.getValue());
      sacked.remove(after.getKey());
      after = sacked.ceilingEntry(start);
    }
    sacked.put(start, end);
    sackedBytes += (end - start) - covered;
    return end - start > covered;
  }

  private void removeRetransmitted(long start, long end) {
    Map.Entry<Long, long[]> e = retransmitted.lowerEntry(end);
    while (e != null && e.getValue()[0] > start) {
      long s = e.getKey();
      long eEnd = e.getValue()[0];
      long high = e.getValue()[1];
      retransmitted.remove(s);
      retransmittedBytes -= eEnd - s;
      if (s < start) {
        retransmitted.put(s, new long[] {start, high});
        retransmittedBytes += start - s;
      }
      if (eEnd > end) {
        retransmitted.put(end, new long[] {eEnd, high});
        retransmittedBytes += eEnd - end;
      }
      e = retransmitted.lowerEntry(s);
    }
  }

  /**
   * Recomputes what is lost after the scoreboard changed, and finds retransmissions that were lost
   * in their turn: they are lost again and not in flight.
   *
   * @return how many retransmissions were found lost
   */
  int updateLoss(long sndMax) {
    sackLossPoint = computeSackLossPoint();
    int lostRetransmits = 0;
    if (!retransmitted.isEmpty() && sackLossPoint >= una) {
      Iterator<Map.Entry<Long, long[]>> it = retransmitted.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, long[]> e = it.next();
        long start = e.getKey(); // read before remove: TreeMap may reuse the entry
        long[] range = e.getValue();
        if (range[1] <= sackLossPoint) {
          it.remove();
          retransmittedBytes -= range[0] - start;
          scanFrom = Math.min(scanFrom, start);
          lostRetransmits++;
        }
      }
    }
    lossPoint = Math.min(Math.max(sackLossPoint, lostBelow - 1), sndMax - 1);
    if (lossPoint < una) {
      lossPoint = una - 1;
      lostBytes = 0;
    } else {
      // the SACKed bytes above the loss point lie in a few ranges at the top: count those
      long sackedAbove = 0;
      for (Map.Entry<Long, Long> e : sacked.descendingMap().entrySet()) {
        if (e.getValue() <= lossPoint + 1) {
          break;
        }
        sackedAbove += e.getValue() - Math.max(e.getKey(), lossPoint + 1);
      }
      lostBytes = lossPoint + 1 - una - (sackedBytes - sackedAbove);
    }
    return lostRetransmits;
  }

  /**
   * The largest p such that more than {@code (DupThresh - 1) * SMSS} bytes at or above p are
   * SACKed, or {@code DupThresh} SACKed blocks reach above p; {@code una - 1} if there is none.
   */
  private long computeSackLossPoint() {
    long above = 0;
    int blocks = 0;
    for (Map.Entry<Long, Long> e : sacked.descendingMap().entrySet()) {
      long start = e.getKey();
      long end = e.getValue();
      // for p in [start, end): (end - p) + above bytes and blocks + 1 blocks at or above p
      if (blocks + 1 >= dupThresh) {
        return end - 1;
      }
      long p = end - ((dupThresh - 1) * smss - above) - 1;
      if (p >= start) {
        return p;
      }
      above += end - start;
      blocks++;
    }
    return una - 1;
  }

  /**
   * A retransmission timeout: every unSACKed outstanding byte is lost, and no retransmission is in
   * flight any more. The SACK information is kept, as Linux's tcp_enter_loss keeps it, unless the
   * receiver has shown it reneges (RFC 2018 section 8: it discarded data it had SACKed); RFC 6675
   * section 5.1 asks that it be used to choose what to resend after the timeout.
   */
  void onTimeout(long sndMax) {
    if (reneged) {
      sacked.clear();
      sackedBytes = 0;
      reneged = false;
    }
    retransmitted.clear();
    retransmittedBytes = 0;
    lostBelow = sndMax;
    scanFrom = una;
    updateLoss(sndMax);
  }

  /** {@code [start, end)} was retransmitted while {@code sndMax} was the highest byte sent. */
  void markRetransmitted(long start, long end, long sndMax) {
    removeRetransmitted(start, end);
    retransmitted.put(start, new long[] {end, sndMax});
    retransmittedBytes += end - start;
  }

  // ---- queries ----

  /** RFC 6675 SetPipe: bytes believed in the network. */
  long pipe(long sndMax) {
    return (sndMax - una) - sackedBytes - lostBytes + retransmittedBytes;
  }

  /** RFC 6675 IsLost. */
  boolean isLost(long seq) {
    return seq <= lossPoint && !isSacked(seq);
  }

  boolean isSacked(long seq) {
    Map.Entry<Long, Long> e = sacked.floorEntry(seq);
    return e != null && e.getValue() > seq;
  }

  /** Whether a retransmission of {@code seq} is in flight. */
  boolean isRetransmitted(long seq) {
    Map.Entry<Long, long[]> e = retransmitted.floorEntry(seq);
    return e != null && e.getValue()[0] > seq;
  }

  /** The highest SACKed byte plus one, or {@code una} if nothing is SACKed. */
  long highSacked() {
    return sacked.isEmpty() ? una : sacked.lastEntry().getValue();
  }

  long sackedBytes() {
    return sackedBytes;
  }

  long lostBytes() {
    return lostBytes;
  }

  long retransmittedBytes() {
    return retransmittedBytes;
  }

  /**
   * RFC 6675 NextSeg rule 1: the first lost, unSACKed byte not retransmitted (or whose
   * retransmission was lost), and how much of it to send: up to {@code maxLen}, stopping at SACKed
   * data or a retransmission in flight.
   *
   * @return {start, end}, or null
   */
  long[] nextLost(long sndMax, long maxLen) {
    long s = Math.max(scanFrom, una);
    long limit = Math.min(lossPoint + 1, sndMax);
    s = skipCovered(s, limit);
    scanFrom = s;
    if (s >= limit) {
      return null;
    }
    return new long[] {s, rangeEnd(s, Math.min(limit, s + maxLen))};
  }

  /** The end of the first segment, from {@code una}: up to {@code maxLen}, before SACKed data. */
  long headSegmentEnd(long sndMax, long maxLen) {
    long end = Math.min(sndMax, una + maxLen);
    Long nextSack = sacked.higherKey(una);
    return nextSack == null ? end : Math.min(end, nextSack);
  }

  /**
   * RFC 6675 NextSeg rule 3: the first unSACKed byte that is not lost and not retransmitted, below
   * the highest SACKed byte.
   *
   * @return {start, end}, or null
   */
  long[] nextUnsackedBelowHighSack(long maxLen) {
    long limit = highSacked();
    long s = skipCovered(Math.max(una, lossPoint + 1), limit);
    if (s >= limit) {
      return null;
    }
    return new long[] {s, rangeEnd(s, Math.min(limit, s + maxLen))};
  }

  /**
   * RFC 6675 NextSeg rule 4, the rescue retransmission: up to {@code maxLen} bytes ending at the
   * highest unSACKed outstanding byte, unless that byte's retransmission is already in flight.
   *
   * @return {start, end}, or null
   */
  long[] rescue(long sndMax, long maxLen) {
    long top = sndMax;
    Map.Entry<Long, Long> last = sacked.lastEntry();
    long bottom = una;
    if (last != null && last.getValue() == sndMax) {
      top = last.getKey();
      Map.Entry<Long, Long> below = sacked.lowerEntry(last.getKey());
      bottom = below == null ? una : below.getValue();
    } else if (last != null) {
      bottom = last.getValue();
    }
    if (top <= una || top <= bottom) {
      return null;
    }
    Map.Entry<Long, long[]> rtx = retransmitted.lowerEntry(top);
    if (rtx != null) {
      if (rtx.getValue()[0] >= top) {
        return null;
      }
      bottom = Math.max(bottom, rtx.getValue()[0]);
    }
    return new long[] {Math.max(bottom, top - maxLen), top};
  }

  /**
   * The first byte at or after {@code s}, below {@code limit}, neither SACKed nor retransmitted.
   */
  private long skipCovered(long s, long limit) {
    while (s < limit) {
      Map.Entry<Long, Long> sack = sacked.floorEntry(s);
      if (sack != null && sack.getValue() > s) {
        s = sack.getValue();
        continue;
      }
      Map.Entry<Long, long[]> rtx = retransmitted.floorEntry(s);
      if (rtx != null && rtx.getValue()[0] > s) {
        s = rtx.getValue()[0];
        continue;
      }
      break;
    }
    return s;
  }

  /** {@code end} cut short at the next SACKed range or retransmission above {@code s}. */
  private long rangeEnd(long s, long end) {
    Long nextSack = sacked.higherKey(s);
    if (nextSack != null) {
      end = Math.min(end, nextSack);
    }
    Long nextRtx = retransmitted.higherKey(s);
    if (nextRtx != null) {
      end = Math.min(end, nextRtx);
    }
    return end;
  }
}
