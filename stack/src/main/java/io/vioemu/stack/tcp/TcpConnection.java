package io.vioemu.stack.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One end of an established TCP connection (the handshake is not modelled: netperf measures after
 * connect). It sends what the application wrote as the congestion window, the peer's receive window
 * and TCP small queues allow, and receives the peer's data into a bounded buffer with out-of-order
 * reassembly. Loss is found by three duplicate ACKs (fast retransmit and NewReno recovery, RFC
 * 6582) or by the retransmission timer (RFC 6298, with backoff, then go-back-N).
 *
 * <p>With SACK ({@link TcpSettings#sack}), the receiver reports what it holds out of order in SACK
 * blocks (RFC 2018) and the sender keeps a scoreboard ({@link SackScoreboard}): loss is found by
 * RFC 6675's IsLost (or three duplicate ACKs), recovery sends by the pipe and NextSeg, repairing
 * every hole of a window in about one round trip, and a lost retransmission is found when data sent
 * after it is SACKed. After a timeout all outstanding data counts as lost and goes again as the
 * window opens, except what the peer has SACKed (RFC 6675 section 5.1; the SACK information is
 * dropped only if the peer is seen to renege, RFC 2018 section 8).
 *
 * <p>Pure Java and deterministic: time is an argument, timers go through {@link TcpPorts}.
 */
public final class TcpConnection {
  public static final int TIMER_RTO = 0;
  public static final int TIMER_DELAYED_ACK = 1;
  public static final int TIMER_PERSIST = 2;
  private static final long NONE = Long.MIN_VALUE;

  private final int id;
  private final TcpSettings settings;
  private final CongestionControl cc;
  private final TcpPorts ports;
  private final int mss;
  private final TcpCounters counters = new TcpCounters();
  private final RttEstimator rtt;
  private final boolean sack;
  private final SackScoreboard board;
  private final long[] deadlinePs = {NONE, NONE, NONE};
  private final long[] wakePs = {NONE, NONE, NONE};
  private long persistBackoffPs;

  // send side
  private long writeSeq;
  private long sndUna;
  private long sndNxt;
  private long sndMax;
  private long cwndBytes;
  private long ssthreshBytes = Long.MAX_VALUE;
  private long peerWindowBytes;
  private int dupAcks;
  private boolean inRecovery;
  private boolean timedOutSinceAck;
  private long recover = -1;
  private long rescueRxt;
  private long queuedBelowBytes;
  private boolean timingRtt;
  private long timedSeq;
  private long timedSentPs;

  // receive side
  private long rcvNxt;
  private long readSeq;
  private long advertisedEdge;
  private long lastAckSent;
  private long tsRecentPs = -1;
  private int segmentsSinceAck;
  private final TreeMap<Long, Long> outOfOrder = new TreeMap<>();
  private long outOfOrderBytes;

  /** Held out-of-order blocks, most recently reported first (RFC 2018 section 4). */
  private final List<SackBlock> recentSacks = new ArrayList<>();

  /** The SACK option every segment carries now: the first of {@link #recentSacks}. */
  private List<SackBlock> sackOption = List.of();

  public TcpConnection(int id, TcpSettings settings, TcpPorts ports) {
    this.id = id;
    this.settings = settings;
    this.cc = settings.newCongestionControl();
    this.ports = ports;
    this.mss = settings.mssBytes();
    this.rtt = new RttEstimator(settings.initialRtoPs(), settings.minRtoPs(), settings.maxRtoPs());
    this.cwndBytes = (long) settings.initialCwndSegments() * mss;
    this.sack = settings.sack();
    this.board = sack ? new SackScoreboard(mss, settings.dupThresh()) : null;
    // Both ends share settings; the handshake would have told each the other's buffer.
    this.peerWindowBytes = settings.receiveBufferBytes();
    this.advertisedEdge = settings.receiveBufferBytes();
  }

  public int id() {
    return id;
  }

  // ---- the application's side ----

  /** Room in the send buffer: written but unacknowledged data counts against it. */
  public long sendSpaceBytes() {
    return settings.sendBufferBytes() - (writeSeq - sndUna);
  }

  /** The application wrote {@code bytes} (already copied into the socket). */
  public void write(long bytes, long nowPs) {
    if (bytes <= 0 || bytes > sendSpaceBytes()) {
      throw new IllegalArgumentException(
          "write of " + bytes + " bytes with " + sendSpaceBytes() + " free on connection " + id);
    }
    writeSeq += bytes;
    output(nowPs);
  }

  public long readableBytes() {
    return rcvNxt - readSeq;
  }

  /**
   * The application consumed up to {@code maxBytes}. Like Linux's tcp_cleanup_rbuf, a window that
   * had shrunk to half or less and now doubles is announced at once.
   */
  public long read(long maxBytes, long nowPs) {
    long n = Math.min(maxBytes, readableBytes());
    readSeq += n;
    long peerSees = advertisedEdge - rcvNxt;
    long free = freeWindow();
    if (n > 0
        && 2 * peerSees <= settings.receiveBufferBytes()
        && free >= 2 * peerSees
        && free - peerSees >= windowStep()) {
      sendAck(nowPs);
    }
    return n;
  }

  /**
   * The application is closing this end: what a delayed ACK still owes the peer goes now, as a
   * closing socket's FIN would carry it.
   */
  public void flushAck(long nowPs) {
    if (lastAckSent < rcvNxt) {
      sendAck(nowPs);
    }
  }

  /** Bytes this connection had queued below it left the host's queue for the NIC. */
  public void onDrained(long packetBytes, long nowPs) {
    queuedBelowBytes -= packetBytes;
    if (queuedBelowBytes < settings.queueLimitBytes() && writeSeq > sndNxt) {
      output(nowPs);
    }
  }

  // ---- the network's side ----

  public void onSegment(Segment seg, long nowPs) {
    counters.segmentsReceived++;
    onAck(seg, nowPs);
    if (seg.lenBytes() > 0) {
      onData(seg, nowPs);
    } else if (seg.seq() < rcvNxt) {
      sendAck(nowPs); // a window probe (an old sequence number): answer with the window
    }
    output(nowPs);
  }

  public void onTimer(int timer, long nowPs) {
    if (wakePs[timer] == NONE || wakePs[timer] > nowPs) {
      return; // superseded by an earlier wake
    }
    // the wake is due: on time, or late when its host stopped the VM that runs this stack (a
    // migration's stop-and-copy holds its events until it resumes), where the timer fires late as
    // a kernel's does, instead of being taken for a superseded wake and never firing again
    wakePs[timer] = NONE;
    long due = deadlinePs[timer];
    if (due == NONE) {
      return;
    }
    if (due > nowPs) {
      wake(timer, due);
      return;
    }
    deadlinePs[timer] = NONE;
    switch (timer) {
      case TIMER_RTO -> onRetransmissionTimeout(nowPs);
      case TIMER_DELAYED_ACK -> {
        counters.delayedAcksFired++;
        sendAck(nowPs);
      }
      default -> onPersist(nowPs);
    }
  }

  // ---- sending ----

  private void output(long nowPs) {
    int sendMss = sendMss();
    if (sack) {
      retransmitLost(sendMss, nowPs); // RFC 6675 NextSeg rule 1
    }
    sendNewData(sendMss, nowPs); // rule 2
    if (sack && inRecovery) {
      retransmitForward(sendMss, nowPs); // rules 3 and 4
    }
  }

  /**
   * Data bytes in a full segment now: options take room from the data (RFC 6691), so while SACK
   * blocks ride on every segment a segment carries fewer bytes (Linux's tcp_current_mss).
   */
  private int sendMss() {
    return mss - Segment.sackOptionBytes(sackOption.size());
  }

  private void sendNewData(int sendMss, long nowPs) {
    while (true) {
      long available = writeSeq - sndNxt;
      long usable =
          sack
              ? Math.min(cwndBytes - board.pipe(sndMax), sndUna + peerWindowBytes - sndNxt)
              : sndUna + Math.min(cwndBytes, peerWindowBytes) - sndNxt;
      if (available <= 0 || usable <= 0) {
        return;
      }
      if (queuedBelowBytes >= settings.queueLimitBytes()) {
        return; // onDrained resumes
      }
      long len = Math.min(Math.min(available, usable), maxSegmentBytes(sendMss));
      if (len > sendMss && len < available) {
        len -= len % sendMss; // a super-segment carries whole segments unless it ends the data
      }
      boolean inFlight = sndNxt > sndUna;
      if (len < sendMss && len < available) {
        // sender silly-window avoidance (RFC 9293 3.8.6.2.1): wait for room for a full segment;
        // with nothing in flight no ACK will say when, so the persist timer probes
        if (sndMax == sndUna && deadlinePs[TIMER_PERSIST] == NONE) {
          persistBackoffPs = rtt.rtoPs();
          setTimer(TIMER_PERSIST, nowPs + persistBackoffPs);
        }
        return;
      }
      if (len < sendMss && len == available && inFlight && !settings.noDelay()) {
        return; // Nagle: one small segment outstanding at most
      }
      deadlinePs[TIMER_PERSIST] = NONE;
      sendData(sndNxt, (int) len, nowPs);
      sndNxt += len;
      sndMax = Math.max(sndMax, sndNxt);
    }
  }

  /**
   * The peer's window is too small for a segment and nothing is in flight: send a probe (an old
   * sequence number, no data) that the peer must answer with its current window, and back off.
   */
  private void onPersist(long nowPs) {
    long usable = sndUna + Math.min(cwndBytes, peerWindowBytes) - sndNxt;
    if (sndMax != sndUna || writeSeq == sndNxt || usable >= Math.min(mss, writeSeq - sndNxt)) {
      output(nowPs);
      return;
    }
    counters.windowProbes++;
    emit(segment(Math.max(0, sndUna - 1), 0, nowPs), nowPs);
    long max = settings.maxRtoPs();
    persistBackoffPs = persistBackoffPs > max / 2 ? max : 2 * persistBackoffPs;
    setTimer(TIMER_PERSIST, saturatedAdd(nowPs, persistBackoffPs));
  }

  /**
   * The largest segment to hand down: a TSO super-segment of whole segments, or one segment. A
   * segment carrying SACK blocks goes alone: the NIC would cut a super-segment into full-MSS
   * frames, and with the option's bytes those would not fit the MTU.
   */
  private long maxSegmentBytes(int sendMss) {
    int tso = settings.tsoMaxBytes();
    if (tso == 0 || sendMss < mss) {
      return sendMss;
    }
    return Math.max(mss, (long) (tso - settings.headerBytes()) / mss * mss);
  }

  // ---- SACK loss recovery (RFC 6675 section 5, step C) ----

  /** Lost data first, while the pipe leaves room for a segment. */
  private void retransmitLost(int sendMss, long nowPs) {
    while (cwndBytes - board.pipe(sndMax) >= sendMss) {
      long[] range = board.nextLost(sndMax, sendMss);
      if (range == null) {
        return;
      }
      retransmit(range[0], range[1], nowPs);
    }
  }

  /**
   * NextSeg rules 3 and 4, for when there is neither lost data to repair nor new data the peer's
   * window takes: unSACKed data below the highest SACKed byte, then once per recovery a rescue
   * retransmission of the last unSACKed segment, once the cumulative ACK has moved past the first
   * retransmission.
   */
  private void retransmitForward(int sendMss, long nowPs) {
    while (cwndBytes - board.pipe(sndMax) >= sendMss) {
      long available = writeSeq - sndNxt;
      if (available > 0 && sndUna + peerWindowBytes - sndNxt >= Math.min(sendMss, available)) {
        return; // new data can go (rule 2): it waits for TSQ or Nagle, not for us
      }
      long[] range = board.nextUnsackedBelowHighSack(sendMss);
      if (range == null && sndUna > rescueRxt) {
        range = board.rescue(sndMax, sendMss);
        if (range != null) {
          rescueRxt = recover;
        }
      }
      if (range == null) {
        return;
      }
      retransmit(range[0], range[1], nowPs);
    }
  }

  private void retransmit(long start, long end, long nowPs) {
    board.markRetransmitted(start, end, sndMax);
    sendData(start, (int) (end - start), nowPs);
    if (start == sndUna) {
      setTimer(TIMER_RTO, nowPs + rtt.rtoPs()); // the head went again: time it afresh
    }
  }

  private void sendData(long seq, int len, long nowPs) {
    Segment seg = segment(seq, len, nowPs);
    counters.dataSegmentsSent++;
    if (seq < sndMax) {
      counters.retransmittedSegments++;
      counters.retransmittedBytes += len;
      timingRtt = false; // Karn: no sample across a retransmission
    } else if (!settings.timestamps() && !timingRtt) {
      timingRtt = true;
      timedSeq = seq + len;
      timedSentPs = nowPs;
    }
    if (deadlinePs[TIMER_RTO] == NONE) {
      setTimer(TIMER_RTO, nowPs + rtt.rtoPs());
    }
    emit(seg, nowPs);
  }

  private void sendAck(long nowPs) {
    counters.pureAcksSent++;
    emit(segment(sndNxt, 0, nowPs), nowPs);
  }

  /** Every segment carries an ACK: sending one settles the receive side's debt. */
  private void emit(Segment seg, long nowPs) {
    segmentsSinceAck = 0;
    deadlinePs[TIMER_DELAYED_ACK] = NONE;
    lastAckSent = rcvNxt;
    counters.segmentsSent++;
    counters.sackBlocksSent += seg.sackBlocks().size();
    queuedBelowBytes += seg.packetBytes();
    ports.transmit(seg, nowPs);
  }

  private Segment segment(long seq, int len, long nowPs) {
    boolean ts = settings.timestamps();
    return new Segment(
        id,
        seq,
        rcvNxt,
        len,
        advertiseWindow(),
        settings.headerBytes() + Segment.sackOptionBytes(sackOption.size()),
        ts ? nowPs : -1,
        ts ? tsRecentPs : -1,
        sackOption);
  }

  private void retransmitFirst(long nowPs) {
    int len = (int) Math.min(mss, sndMax - sndUna);
    if (len > 0) {
      sendData(sndUna, len, nowPs);
      setTimer(TIMER_RTO, nowPs + rtt.rtoPs());
    }
  }

  // ---- acknowledgements ----

  private void onAck(Segment seg, long nowPs) {
    long ack = seg.ack();
    if (ack > sndMax) {
      return; // acknowledges data never sent
    }
    if (sack) {
      onAckWithSack(seg, nowPs);
      return;
    }
    if (ack > sndUna) {
      onNewAck(seg, ack, nowPs);
    } else if (ack == sndUna
        && sndMax > sndUna
        && seg.lenBytes() == 0
        && seg.windowBytes() == peerWindowBytes) {
      onDuplicateAck(nowPs);
    } else {
      peerWindowBytes = seg.windowBytes();
    }
  }

  private void onNewAck(Segment seg, long ack, long nowPs) {
    long acked = ack - sndUna;
    long flightBefore = sndNxt - sndUna;
    sampleRtt(seg, ack, nowPs);
    sndUna = ack;
    sndNxt = Math.max(sndNxt, sndUna);
    peerWindowBytes = seg.windowBytes();
    timedOutSinceAck = false;
    if (inRecovery) {
      if (ack >= recover) {
        inRecovery = false; // RFC 6582 3.2 step 3, the "flight size" option
        cwndBytes = Math.max(mss, Math.min(ssthreshBytes, (sndMax - sndUna) + mss));
        dupAcks = 0;
      } else {
        cwndBytes = Math.max(mss, cwndBytes - acked + (acked >= mss ? mss : 0));
        retransmitFirst(nowPs); // a partial ACK names the next hole
      }
    } else {
      dupAcks = 0;
      grow(acked, flightBefore, nowPs);
    }
    if (sndUna == sndMax) {
      deadlinePs[TIMER_RTO] = NONE;
    } else {
      setTimer(TIMER_RTO, nowPs + rtt.rtoPs());
    }
    ports.writable(id, nowPs);
  }

  /** Linux grows the window only while it limits the sender (tcp_is_cwnd_limited). */
  private void grow(long acked, long flightBefore, long nowPs) {
    boolean slowStart = cwndBytes < ssthreshBytes;
    boolean limited = slowStart ? 2 * flightBefore >= cwndBytes : flightBefore + mss >= cwndBytes;
    if (!limited) {
      return;
    }
    if (slowStart) {
      cwndBytes =
          Math.min(
              cwndBytes + acked,
              ssthreshBytes == Long.MAX_VALUE
                  ? Long.MAX_VALUE
                  : Math.max(ssthreshBytes, cwndBytes));
    } else {
      cwndBytes = cc.onAckInAvoidance(cwndBytes, acked, nowPs, rtt.minRttPs());
    }
  }

  /** Without SACK: one more segment is known to have left the network above the hole. */
  private void onDuplicateAck(long nowPs) {
    dupAcks++;
    if (inRecovery) {
      cwndBytes += mss; // it left the network
      return;
    }
    if (dupAcks == settings.dupThresh() && sndUna > recover) {
      ssthreshBytes = cc.ssthreshAfterLoss(cwndBytes, nowPs);
      recover = sndMax;
      inRecovery = true;
      counters.fastRetransmits++;
      retransmitFirst(nowPs);
      cwndBytes = ssthreshBytes + (long) settings.dupThresh() * mss;
    }
  }

  /**
   * An ACK with SACK on (RFC 6675 section 5): the cumulative ACK and the SACK blocks update the
   * scoreboard; an ACK is a duplicate if it is one by RFC 5681 or SACKs new data. Recovery starts
   * when the first unacknowledged byte is lost by IsLost, or at the third duplicate ACK, and not
   * before the cumulative ACK has passed the previous recovery point (or, after a timeout, the data
   * outstanding then: section 5.1). The window stays at ssthresh through recovery; the pipe decides
   * what goes.
   */
  private void onAckWithSack(Segment seg, long nowPs) {
    long ack = seg.ack();
    if (ack < sndUna) {
      board.addSack(seg.sackBlocks(), sndMax); // an old ACK, reordered: its window is stale
      counters.lostRetransmits += board.updateLoss(sndMax);
      return;
    }
    boolean advanced = ack > sndUna;
    long acked = ack - sndUna;
    long pipeBefore = board.pipe(sndMax);
    boolean duplicate =
        !advanced && sndMax > sndUna && seg.lenBytes() == 0 && seg.windowBytes() == peerWindowBytes;
    if (advanced) {
      sampleRtt(seg, ack, nowPs);
      sndUna = ack;
      sndNxt = Math.max(sndNxt, sndUna);
      timedOutSinceAck = false;
      board.advance(sndUna);
    }
    peerWindowBytes = seg.windowBytes();
    boolean newlySacked = board.addSack(seg.sackBlocks(), sndMax);
    duplicate |= !advanced && newlySacked && sndMax > sndUna;
    counters.lostRetransmits += board.updateLoss(sndMax);
    if (inRecovery && sndUna >= recover) {
      inRecovery = false; // cwnd stays at ssthresh (Linux's tcp_end_cwnd_reduction)
      dupAcks = 0;
    }
    if (!inRecovery) {
      if (advanced) {
        dupAcks = 0;
        grow(acked, pipeBefore, nowPs);
      } else if (duplicate) {
        dupAcks++;
      }
      if (sndMax > sndUna
          && sndUna >= recover
          && (dupAcks >= settings.dupThresh() || board.isLost(sndUna))) {
        enterSackRecovery(nowPs);
      }
    }
    if (advanced) {
      if (sndUna == sndMax) {
        deadlinePs[TIMER_RTO] = NONE;
      } else {
        setTimer(TIMER_RTO, nowPs + rtt.rtoPs());
      }
      ports.writable(id, nowPs);
    }
  }

  /**
   * RFC 6675 section 5, step 4: the recovery point is the highest byte sent, ssthresh comes from
   * the congestion control and cwnd drops to it, and the first unacknowledged segment is
   * retransmitted at once; the rest follows from the pipe.
   */
  private void enterSackRecovery(long nowPs) {
    ssthreshBytes = cc.ssthreshAfterLoss(cwndBytes, nowPs);
    cwndBytes = ssthreshBytes;
    recover = sndMax;
    inRecovery = true;
    counters.fastRetransmits++;
    counters.sackRecoveries++;
    long end = board.headSegmentEnd(sndMax, sendMss());
    if (!board.isRetransmitted(sndUna)) { // it may be, if lost in the recovery just ended
      retransmit(sndUna, end, nowPs);
    }
    rescueRxt = end;
  }

  private void sampleRtt(Segment seg, long ack, long nowPs) {
    if (settings.timestamps()) {
      if (seg.tsEcrPs() >= 0) {
        rtt.sample(nowPs - seg.tsEcrPs());
      }
    } else if (timingRtt && ack >= timedSeq) {
      timingRtt = false;
      rtt.sample(nowPs - timedSentPs);
    }
  }

  private void onRetransmissionTimeout(long nowPs) {
    if (sndUna == sndMax) {
      return;
    }
    counters.timeouts++;
    if (!timedOutSinceAck && !(sack && inRecovery)) {
      // RFC 5681: once per loss; SACK recovery has already reduced it (Linux's tcp_enter_loss)
      ssthreshBytes = cc.ssthreshAfterLoss(cwndBytes, nowPs);
    }
    timedOutSinceAck = true;
    cc.onTimeout(nowPs);
    cwndBytes = mss;
    inRecovery = false;
    dupAcks = 0;
    recover = sndMax;
    rtt.backOff();
    if (sack) {
      // All outstanding data not SACKed is lost: it goes again, the first segment now (RFC 2018
      // section 8), the rest as the window opens.
      board.onTimeout(sndMax);
      retransmit(sndUna, board.headSegmentEnd(sndMax, sendMss()), nowPs);
      return;
    }
    sndNxt = sndUna; // go back N: everything after the hole is sent again as the window opens
    int len = (int) Math.min(mss, sndMax - sndUna);
    sendData(sndUna, len, nowPs);
    sndNxt = sndUna + len;
    setTimer(TIMER_RTO, nowPs + rtt.rtoPs());
  }

  // ---- receiving ----

  private void onData(Segment seg, long nowPs) {
    long start = seg.seq();
    long end = seg.endSeq();
    if (end <= rcvNxt) {
      counters.duplicateSegments++;
      sendAck(nowPs); // the peer retransmitted needlessly or lost our ACK: tell it again
      return;
    }
    if (start >= advertisedEdge) {
      counters.droppedOutsideWindow++;
      sendAck(nowPs);
      return;
    }
    end = Math.min(end, advertisedEdge);
    if (start > rcvNxt) {
      counters.outOfOrderSegments++;
      long[] block = addOutOfOrder(start, end);
      if (sack) {
        reportFirst(new SackBlock(block[0], block[1]));
      }
      sendAck(nowPs); // a duplicate ACK, at once (RFC 5681 4.2)
      return;
    }
    if (settings.timestamps() && start <= lastAckSent) {
      tsRecentPs = seg.tsValPs(); // RFC 7323 4.3
    }
    rcvNxt = end;
    boolean filledHole = !outOfOrder.isEmpty();
    drainOutOfOrder();
    if (filledHole && sack) {
      recentSacks.removeIf(b -> b.end() <= rcvNxt);
      updateSackOption();
    }
    segmentsSinceAck += (seg.lenBytes() + mss - 1) / mss;
    ports.readable(id, nowPs);
    if (filledHole || !settings.delayedAck() || segmentsSinceAck >= 2) {
      sendAck(nowPs);
    } else if (deadlinePs[TIMER_DELAYED_ACK] == NONE) {
      setTimer(TIMER_DELAYED_ACK, nowPs + settings.delayedAckPs());
    }
  }

  /**
   * RFC 2018 section 4: the first block holds the segment that just arrived; the others repeat the
   * most recently reported blocks, leaving out those the first now covers.
   */
  private void reportFirst(SackBlock block) {
    recentSacks.removeIf(block::contains);
    recentSacks.add(0, block);
    updateSackOption();
  }

  private void updateSackOption() {
    int n = Math.min(recentSacks.size(), settings.maxSackBlocks());
    sackOption = n == 0 ? List.of() : List.copyOf(recentSacks.subList(0, n));
  }

  /** Holds {@code [start, end)}; returns the held block that now contains it. */
  private long[] addOutOfOrder(long start, long end) {
    Map.Entry<Long, Long> before = outOfOrder.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
      removeOutOfOrder(before.getKey());
    }
    Map.Entry<Long, Long> after = outOfOrder.ceilingEntry(start);
    while (after != null && after.getKey() <= end) {
      end = Math.max(end, after.getValue());
      removeOutOfOrder(after.getKey());
      after = outOfOrder.ceilingEntry(start);
    }
    outOfOrder.put(start, end);
    outOfOrderBytes += end - start;
    return new long[] {start, end};
  }

  private void removeOutOfOrder(long start) {
    long end = outOfOrder.remove(start);
    outOfOrderBytes -= end - start;
  }

  private void drainOutOfOrder() {
    Map.Entry<Long, Long> first = outOfOrder.firstEntry();
    while (first != null && first.getKey() <= rcvNxt) {
      rcvNxt = Math.max(rcvNxt, first.getValue());
      removeOutOfOrder(first.getKey());
      first = outOfOrder.firstEntry();
    }
  }

  /** Free buffer space; the right edge offered to the peer never moves left (RFC 9293 3.8.6). */
  private long freeWindow() {
    return Math.max(0, settings.receiveBufferBytes() - (rcvNxt - readSeq) - outOfOrderBytes);
  }

  /**
   * The right edge moves only by at least {@link #windowStep()} (receiver silly-window avoidance,
   * RFC 9293 3.8.6.2.2), and never left.
   */
  private long advertiseWindow() {
    long edge = rcvNxt + freeWindow();
    if (edge - advertisedEdge >= windowStep()) {
      advertisedEdge = edge;
    }
    return Math.max(0, advertisedEdge - rcvNxt);
  }

  /** The smallest window increase worth announcing: one MSS or half the buffer. */
  private long windowStep() {
    return Math.min(settings.receiveBufferBytes() / 2, mss);
  }

  // ---- timers ----

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private void setTimer(int timer, long atPs) {
    deadlinePs[timer] = atPs;
    if (wakePs[timer] == NONE || atPs < wakePs[timer]) {
      wake(timer, atPs);
    }
  }

  private void wake(int timer, long atPs) {
    wakePs[timer] = atPs;
    ports.armTimer(id, timer, atPs);
  }

  // ---- state, for metrics and tests ----

  public TcpCounters counters() {
    return counters;
  }

  public long cwndBytes() {
    return cwndBytes;
  }

  public long ssthreshBytes() {
    return ssthreshBytes;
  }

  public long srttPs() {
    return rtt.srttPs();
  }

  public long minRttPs() {
    return rtt.minRttPs();
  }

  public long rtoPs() {
    return rtt.rtoPs();
  }

  /** Bytes the peer has acknowledged. */
  public long ackedBytes() {
    return sndUna;
  }

  /** Bytes the application has read. */
  public long readBytes() {
    return readSeq;
  }

  /**
   * Payload bytes this end has received from the network, each byte once, at the moment it first
   * arrived: in order or held out of order; duplicates and data outside the window are not counted.
   * Unlike {@link #readBytes()}, a hole filled by a retransmission does not release everything held
   * behind it at once, so a count of it over an interval never exceeds what the path carried then.
   */
  public long acceptedBytes() {
    return rcvNxt + outOfOrderBytes;
  }

  public int mssBytes() {
    return mss;
  }

  public String congestionName() {
    return cc.name();
  }
}
