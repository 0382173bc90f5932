package io.vioemu.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@link TcpConnection} ends, A (the sender) and B (the receiver), joined by a simulated link
 * that the test controls; expectations come from the RFCs and Linux, not from the implementation.
 *
 * <p>The harness ({@link Net}) is a discrete-event loop: one priority queue, ordered by time and
 * then by insertion order (so same-time events run first-in first-out), holds segment deliveries,
 * timer wakes, "left the host" notifications ({@link TcpConnection#onDrained}) and application
 * wake-ups. Each end has a FIFO serializer: a segment handed to {@link TcpPorts#transmit} starts
 * when the previous one has finished, takes {@code (packetBytes + 38) * psPerWireByte} (38 =
 * Ethernet header, FCS, preamble and inter-frame gap; 800 ps per byte is 10 Gb/s, so a 1500-byte
 * packet takes 1230.4 ns), then the connection is told it drained and the peer receives it one
 * fixed propagation delay later. With {@code psPerWireByte = 0} everything a connection sends at
 * one instant arrives at one instant, which makes round trips crisp. A drop rule may discard a
 * segment on the wire (it still drains). Applications run in their own events at the time of the
 * socket callback: A writes as much of its remaining bytes as the send buffer takes, B reads
 * everything readable (unless the test has stopped it).
 */
class TcpConnectionTest {
  /**
   * Long enough for a sender to fill a stopped receiver's buffer, short of the first zero-window
   * probe (one minimum RTO, 200 ms, later): the connection is stalled and quiet.
   */
  private static final long STALL_PS = 100_000_000_000L;

  private static final int MTU = 1500;
  private static final int MSS = 1448; // 1500 - 20 (IP) - 20 (TCP) - 12 (timestamps option)
  private static final int CONN = 7;
  private static final long US = 1_000_000L;
  private static final long MS = 1_000 * US;
  private static final long DELAY_PS = 10 * US;
  private static final long PS_PER_BYTE_10G = 800;
  private static final int ETHERNET_OVERHEAD_BYTES = 38;

  // ---- harness ----

  /** A segment handed to IP by {@code from}, and whether the link then lost it. */
  record Tx(long timePs, String from, Segment seg, boolean dropped) {}

  /** A segment delivered to an end, with that end's window state after it was processed. */
  record Rx(long timePs, String to, Segment seg, long cwndAfter, long ssthreshAfter) {}

  /** Decides whether the link loses a segment; {@code index} counts the sender's segments. */
  interface DropRule {
    boolean drop(String from, Segment seg, long nowPs, long index);
  }

  private enum Kind {
    DELIVER,
    TIMER,
    DRAINED,
    APP
  }

  private record Event(long timePs, long order, Kind kind, End end, Segment seg, long arg) {}

  /** One end: the connection, its serializer, and its application. */
  static final class End implements TcpPorts {
    final String name;
    final Net net;
    TcpConnection conn;
    End peer;
    long nicFreePs;
    long txIndex;
    long toWrite;
    boolean reading = true;
    boolean appPending;

    End(String name, Net net) {
      this.name = name;
      this.net = net;
    }

    @Override
    public void transmit(Segment seg, long nowPs) {
      assertEquals(net.nowPs, nowPs, "transmit at a time other than the current event's");
      boolean dropped = net.drop.drop(name, seg, nowPs, txIndex++);
      net.tx.add(new Tx(nowPs, name, seg, dropped));
      long start = Math.max(nowPs, nicFreePs);
      long end = start + (seg.packetBytes() + ETHERNET_OVERHEAD_BYTES) * net.psPerWireByte;
      nicFreePs = end;
      net.schedule(end, Kind.DRAINED, this, null, seg.packetBytes());
      if (!dropped) {
        net.schedule(end + net.delayPs, Kind.DELIVER, peer, seg, 0);
      }
    }

    @Override
    public void armTimer(int connId, int timer, long atPs) {
      assertEquals(CONN, connId);
      assertTrue(atPs >= net.nowPs, "timer armed in the past");
      net.schedule(atPs, Kind.TIMER, this, null, timer);
    }

    @Override
    public void readable(int connId, long nowPs) {
      assertEquals(CONN, connId);
      wakeApp();
    }

    @Override
    public void writable(int connId, long nowPs) {
      assertEquals(CONN, connId);
      wakeApp();
    }

    void wakeApp() {
      if (!appPending) {
        appPending = true;
        net.schedule(net.nowPs, Kind.APP, this, null, 0);
      }
    }

    /** The application's turn: write what fits, read everything. */
    void runApp(long nowPs) {
      appPending = false;
      long n = Math.min(toWrite, conn.sendSpaceBytes());
      if (n > 0) {
        toWrite -= n;
        conn.write(n, nowPs);
      }
      if (reading && conn.readableBytes() > 0) {
        conn.read(Long.MAX_VALUE, nowPs);
      }
    }
  }

  /** The event loop and the link between A and B. */
  static final class Net {
    final PriorityQueue<Event> queue =
        new PriorityQueue<>(
            Comparator.comparingLong(Event::timePs).thenComparingLong(Event::order));
    final List<Tx> tx = new ArrayList<>();
    final List<Rx> rx = new ArrayList<>();
    final long delayPs;
    final long psPerWireByte;
    final End a;
    final End b;
    DropRule drop = (from, seg, now, index) -> false;
    long nowPs;
    long order;
    long events;

    Net(TcpSettings settings, long delayPs, long psPerWireByte) {
      this.delayPs = delayPs;
      this.psPerWireByte = psPerWireByte;
      a = new End("A", this);
      b = new End("B", this);
      a.peer = b;
      b.peer = a;
      a.conn = new TcpConnection(CONN, settings, a);
      b.conn = new TcpConnection(CONN, settings, b);
    }

    void schedule(long atPs, Kind kind, End end, Segment seg, long arg) {
      queue.add(new Event(atPs, order++, kind, end, seg, arg));
    }

    /** A's application starts writing {@code bytes} now. */
    void send(long bytes) {
      a.toWrite += bytes;
      a.runApp(nowPs);
    }

    /** Runs every event due at or before {@code untilPs}; the clock then reads {@code untilPs}. */
    void runUntil(long untilPs) {
      while (!queue.isEmpty() && queue.peek().timePs() <= untilPs) {
        step(queue.poll());
      }
      nowPs = Math.max(nowPs, untilPs);
    }

    /** Runs until nothing is left to do (stale timer wakes included). */
    void runToIdle() {
      while (!queue.isEmpty()) {
        step(queue.poll());
      }
    }

    private void step(Event e) {
      assertTrue(++events < 2_000_000, "runaway simulation");
      assertTrue(e.timePs() >= nowPs, "event queue went back in time");
      nowPs = e.timePs();
      TcpConnection c = e.end().conn;
      switch (e.kind()) {
        case DELIVER -> {
          c.onSegment(e.seg(), nowPs);
          rx.add(new Rx(nowPs, e.end().name, e.seg(), c.cwndBytes(), c.ssthreshBytes()));
        }
        case TIMER -> c.onTimer((int) e.arg(), nowPs);
        case DRAINED -> c.onDrained(e.arg(), nowPs);
        case APP -> e.end().runApp(nowPs);
      }
    }

    List<Tx> sentBy(String name) {
      return tx.stream().filter(t -> t.from().equals(name)).toList();
    }

    List<Tx> dataSentBy(String name) {
      return tx.stream().filter(t -> t.from().equals(name) && t.seg().lenBytes() > 0).toList();
    }

    List<Rx> receivedBy(String name) {
      return rx.stream().filter(r -> r.to().equals(name)).toList();
    }
  }

  private static TcpSettings settings(
      boolean timestamps, boolean noDelay, long receiveBufferBytes, String congestion) {
    TcpSettings l = TcpSettings.linux(MTU);
    return new TcpSettings(
        l.mtuBytes(),
        timestamps,
        l.sack(),
        noDelay,
        l.delayedAck(),
        l.delayedAckPs(),
        l.initialCwndSegments(),
        l.sendBufferBytes(),
        receiveBufferBytes,
        l.minRtoPs(),
        l.initialRtoPs(),
        l.maxRtoPs(),
        l.tsoMaxBytes(),
        l.queueLimitBytes(),
        congestion,
        l.dupThresh());
  }

  private static TcpSettings withCongestion(String congestion) {
    return settings(true, false, TcpSettings.linux(MTU).receiveBufferBytes(), congestion);
  }

  // ---- 1. MSS ----

  /**
   * RFC 879/6691: MSS = MTU - 20 (IPv4) - 20 (TCP); RFC 7323 appendix A: the timestamps option
   * takes 10 bytes padded to 12 on every segment, leaving 1448.
   */
  @Test
  void shouldUseMss1448WithTimestampsAnd1460WithoutWhenMtuIs1500() {
    TcpSettings withTs = TcpSettings.linux(MTU);
    TcpSettings withoutTs = settings(false, false, withTs.receiveBufferBytes(), "cubic");
    assertEquals(1448, withTs.mssBytes());
    assertEquals(52, withTs.headerBytes());
    assertEquals(1460, withoutTs.mssBytes());
    assertEquals(40, withoutTs.headerBytes());

    for (TcpSettings s : List.of(withTs, withoutTs)) {
      Net net = new Net(s, DELAY_PS, 0);
      int mss = MTU - 40 - (s.timestamps() ? 12 : 0);
      assertEquals(mss, net.a.conn.mssBytes());
      net.send(2L * mss);
      net.runToIdle();
      List<Tx> data = net.dataSentBy("A");
      assertEquals(2, data.size());
      for (Tx t : data) {
        assertEquals(mss, t.seg().lenBytes());
        assertEquals(s.timestamps() ? 52 : 40, t.seg().headerBytes());
        assertEquals(MTU, t.seg().packetBytes(), "a full segment fills the MTU exactly");
        assertEquals(s.timestamps(), t.seg().tsValPs() >= 0, "tsVal present iff timestamps");
      }
      for (Tx t : net.sentBy("B")) {
        assertEquals(s.timestamps() ? 52 : 40, t.seg().headerBytes(), "pure ACK headers");
        assertEquals(0, t.seg().lenBytes());
      }
      assertEquals(2L * mss, net.b.conn.readBytes());
    }
  }

  // ---- 2. initial window ----

  /** RFC 6928 / Linux TCP_INIT_CWND: ten segments may go before the first ACK comes back. */
  @Test
  void shouldSendExactlyTenFullSegmentsWhenWritingHundredKilobytesAtTimeZero() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, PS_PER_BYTE_10G);
    net.send(100L << 10);
    List<Tx> atZero = net.dataSentBy("A");
    assertEquals(10, atZero.size());
    for (int i = 0; i < 10; i++) {
      Tx t = atZero.get(i);
      assertEquals(0, t.timePs());
      assertEquals((long) i * MSS, t.seg().seq(), "in order, back to back");
      assertEquals(MSS, t.seg().lenBytes());
    }
    // Nothing more until an ACK arrives: the first ACK can only reach A after one round trip.
    Rx firstAck = null;
    while (firstAck == null) {
      net.runUntil(net.queue.peek().timePs());
      List<Rx> atA = net.receivedBy("A");
      if (!atA.isEmpty()) {
        firstAck = atA.get(0);
      } else {
        assertEquals(10, net.dataSentBy("A").size(), "sent more with no ACK back");
      }
    }
    assertTrue(firstAck.timePs() >= 2 * DELAY_PS);
    assertTrue(net.dataSentBy("A").stream().skip(10).allMatch(t -> t.timePs() >= 2 * DELAY_PS));
  }

  // ---- 3. slow start ----

  /**
   * RFC 5681 3.1 with RFC 3465 (L = 2) and Linux's tcp_slow_start: cwnd += bytes acknowledged. B
   * ACKs every second full segment (RFC 1122 4.2.3.2), so each ACK covers 2 MSS, grows cwnd by 2
   * MSS, and therefore releases 4 segments (2 to replace those acknowledged, 2 of growth). A round
   * of n segments brings n/2 ACKs and 2n segments into the next round: 10, 20, 40, 80, 160. With an
   * instantaneous serializer every round leaves A at one instant, k round trips (20 µs) after the
   * start. (At 160 segments A has 240 kB queued below it; the next round would hit the 256 KB TSQ
   * limit, so the check stops there.)
   */
  @Test
  void shouldDoubleTheWindowEveryRoundTripWhenInSlowStartWithDelayedAcks() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, 0);
    net.send(4L << 20);
    long rttPs = 2 * DELAY_PS;
    net.runUntil(5 * rttPs - 1);
    List<Tx> data = net.dataSentBy("A");
    long expected = 10;
    long nextSeq = 0;
    for (int round = 0; round < 5; round++) {
      long at = round * rttPs;
      List<Tx> inRound = data.stream().filter(t -> t.timePs() == at).toList();
      assertEquals(expected, inRound.size(), "segments sent in round " + round);
      for (Tx t : inRound) {
        assertEquals(nextSeq, t.seg().seq());
        assertEquals(MSS, t.seg().lenBytes());
        nextSeq += MSS;
      }
      expected *= 2;
    }
    assertEquals(310, data.size(), "no data outside the round instants");
    // The ACKs of round 4 (80 ACKs of 2 segments) arrive at 5 RTT: the window is 320 segments.
    net.runUntil(5 * rttPs);
    assertEquals(320L * MSS, net.a.conn.cwndBytes());
    assertEquals(Long.MAX_VALUE, net.a.conn.ssthreshBytes(), "no loss, still in slow start");
    assertTrue(net.sentBy("B").stream().allMatch(t -> t.seg().ack() % (2 * MSS) == 0));
  }

  // ---- 4. delayed ACK ----

  /**
   * RFC 1122 4.2.3.2 / RFC 5681 4.2: a lone segment is acknowledged when the delayed-ACK timer
   * expires (Linux's TCP_ATO_MIN, 40 ms), not at once.
   */
  @Test
  void shouldAckSingleSmallSegmentOnlyAfterDelayedAckTimeoutWhenNothingFollows() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, 0);
    net.send(100);
    net.runToIdle();
    List<Tx> fromA = net.sentBy("A");
    assertEquals(1, fromA.size());
    assertEquals(100, fromA.get(0).seg().lenBytes());
    List<Tx> fromB = net.sentBy("B");
    assertEquals(1, fromB.size(), "exactly one ACK");
    Tx ack = fromB.get(0);
    assertEquals(DELAY_PS + 40 * MS, ack.timePs(), "arrival + 40 ms");
    assertEquals(100, ack.seg().ack());
    assertEquals(0, ack.seg().lenBytes());
    assertEquals(1, net.b.conn.counters().delayedAcksFired());
    assertEquals(100, net.a.conn.ackedBytes());
  }

  /** RFC 5681 4.2: an ACK SHOULD be generated for at least every second full-sized segment. */
  @Test
  void shouldAckTwoFullSegmentsWithOneImmediateAckWhenTheyArriveTogether() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, 0);
    net.send(2L * MSS);
    net.runToIdle();
    assertEquals(2, net.dataSentBy("A").size());
    List<Tx> fromB = net.sentBy("B");
    assertEquals(1, fromB.size(), "one ACK for both, and no second one when the timer expires");
    assertEquals(DELAY_PS, fromB.get(0).timePs(), "sent on arrival of the second segment");
    assertEquals(2L * MSS, fromB.get(0).seg().ack());
    assertEquals(0, net.b.conn.counters().delayedAcksFired());
  }

  // ---- 5. Nagle ----

  /**
   * RFC 896 / RFC 1122 4.2.3.4: while a small segment is unacknowledged, further small writes wait
   * and are coalesced; they go when the ACK arrives (here after B's 40 ms delayed ACK, the classic
   * Nagle/delayed-ACK interaction).
   */
  @Test
  void shouldHoldSecondSmallWriteUntilAckWhenNagleIsOn() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, 0);
    net.send(100);
    net.runUntil(5 * US);
    net.send(100);
    net.send(100);
    assertEquals(1, net.dataSentBy("A").size(), "the second and third writes wait");
    net.runToIdle();
    List<Tx> data = net.dataSentBy("A");
    assertEquals(2, data.size());
    assertEquals(0, data.get(0).timePs());
    assertEquals(100, data.get(0).seg().lenBytes());
    long ackArrives = DELAY_PS + 40 * MS + DELAY_PS;
    assertEquals(ackArrives, data.get(1).timePs(), "sent when the ACK of the first arrives");
    assertEquals(100, data.get(1).seg().seq());
    assertEquals(200, data.get(1).seg().lenBytes(), "both held writes in one segment");
    assertEquals(300, net.b.conn.readBytes());
  }

  /** TCP_NODELAY disables Nagle: each small write leaves at once. */
  @Test
  void shouldSendEverySmallWriteAtOnceWhenNoDelayIsSet() {
    Net net = new Net(settings(true, true, 6L << 20, "cubic"), DELAY_PS, 0);
    net.send(100);
    net.runUntil(5 * US);
    net.send(100);
    net.send(100);
    List<Tx> data = net.dataSentBy("A");
    assertEquals(3, data.size());
    assertEquals(List.of(0L, 100L, 200L), data.stream().map(t -> t.seg().seq()).toList());
    assertEquals(List.of(0L, 5 * US, 5 * US), data.stream().map(Tx::timePs).toList());
    assertTrue(data.stream().allMatch(t -> t.seg().lenBytes() == 100));
    net.runToIdle();
    assertEquals(3, net.dataSentBy("A").size());
    assertEquals(300, net.b.conn.readBytes());
  }

  // ---- 6. fast retransmit ----

  /** A sends {@code total} bytes to B; the first copy of the segment at {@code lostSeq} is lost. */
  private static Net transferLosingOnce(TcpSettings settings, long lostSeq, long total) {
    Net net = new Net(settings, DELAY_PS, PS_PER_BYTE_10G);
    Set<Long> droppedOnce = new HashSet<>();
    net.drop =
        (from, seg, now, i) ->
            from.equals("A")
                && seg.seq() == lostSeq
                && seg.lenBytes() > 0
                && droppedOnce.add(seg.seq());
    net.send(total);
    net.runToIdle();
    return net;
  }

  /**
   * DupThresh is a setting (tcp.dupThresh): with 5, the lost segment goes again on the fifth
   * duplicate ACK, not the third, and recovery starts with cwnd = ssthresh + 5 MSS.
   */
  @Test
  void shouldWaitForDupThreshDuplicateAcksWhenDupThreshIsRaised() {
    int dupThresh = 5;
    TcpSettings settings = withCongestion("newreno").withSack(false).withDupThresh(dupThresh);
    long lostSeq = 200L * MSS;
    long total = 3L << 20;
    Net net = transferLosingOnce(settings, lostSeq, total);

    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes(), "every byte read, in order");
    assertEquals(1, a.counters().fastRetransmits());
    assertEquals(0, a.counters().timeouts());
    List<Tx> copies = net.dataSentBy("A").stream().filter(t -> t.seg().seq() == lostSeq).toList();
    assertEquals(2, copies.size(), "the original and one retransmission");
    List<Rx> atA = net.receivedBy("A");
    int dups = 0;
    long nth = -1;
    for (int i = 1; i < atA.size() && nth < 0; i++) {
      Segment prev = atA.get(i - 1).seg();
      Segment cur = atA.get(i).seg();
      if (cur.ack() == lostSeq && prev.ack() == lostSeq && cur.lenBytes() == 0) {
        dups++;
        if (dups == dupThresh - 1) {
          assertTrue(atA.get(i).timePs() < copies.get(1).timePs(), "not yet at the fourth");
        } else if (dups == dupThresh) {
          nth = atA.get(i).timePs();
        }
      }
    }
    assertEquals(nth, copies.get(1).timePs(), "retransmitted on the fifth duplicate ACK");
  }

  /**
   * RFC 5681 3.2 / RFC 6582: the third duplicate ACK (same ack, no data, same window, data
   * outstanding) retransmits the missing segment once; ssthresh = max(cwnd/2, 2 MSS) for Reno
   * (Linux tcp_reno_ssthresh halves cwnd rather than FlightSize), 0.7 cwnd for CUBIC (RFC 9438
   * beta_cubic); cwnd = ssthresh + 3 MSS; the full ACK ends recovery with cwnd <= ssthresh. One
   * loss, no timeout, and B reads every byte. Without SACK: with it, RFC 6675 sets cwnd = ssthresh
   * (TcpSackTest).
   */
  @ParameterizedTest
  @ValueSource(strings = {"newreno", "cubic"})
  void shouldFastRetransmitOnceWhenOneSegmentIsLostMidTransfer(String congestion) {
    long lostSeq = 200L * MSS;
    long total = 3L << 20;
    Net net = transferLosingOnce(withCongestion(congestion).withSack(false), lostSeq, total);

    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes(), "every byte read, in order");
    assertEquals(total, a.ackedBytes());
    assertEquals(1, a.counters().fastRetransmits());
    assertEquals(1, a.counters().retransmittedSegments());
    assertEquals(MSS, a.counters().retransmittedBytes());
    assertEquals(0, a.counters().timeouts());
    assertTrue(net.b.conn.counters().outOfOrderSegments() >= 3);

    List<Tx> copies = net.dataSentBy("A").stream().filter(t -> t.seg().seq() == lostSeq).toList();
    assertEquals(2, copies.size(), "the original and one retransmission");
    assertTrue(copies.get(0).dropped());
    Tx retransmission = copies.get(1);
    assertFalse(retransmission.dropped());

    // Find the third RFC 5681 duplicate ACK among what A received.
    List<Rx> atA = net.receivedBy("A");
    int third = -1;
    int dups = 0;
    for (int i = 1; i < atA.size() && third < 0; i++) {
      Segment prev = atA.get(i - 1).seg();
      Segment cur = atA.get(i).seg();
      if (cur.ack() == lostSeq
          && prev.ack() == lostSeq
          && cur.lenBytes() == 0
          && cur.windowBytes() == prev.windowBytes()
          && ++dups == 3) {
        third = i;
      }
    }
    assertTrue(third > 0, "three duplicate ACKs arrived");
    Rx trigger = atA.get(third);
    assertEquals(trigger.timePs(), retransmission.timePs(), "retransmitted on the third dup ACK");
    long cwndAtLoss = atA.get(third - 1).cwndAfter();
    long expectedSsthresh =
        congestion.equals("newreno")
            ? Math.max(cwndAtLoss / 2, 2L * MSS)
            : Math.max(cwndAtLoss * 7 / 10, 2L * MSS);
    assertEquals(expectedSsthresh, trigger.ssthreshAfter());
    assertEquals(expectedSsthresh + 3L * MSS, trigger.cwndAfter(), "RFC 5681 3.2 step 4");

    Rx fullAck = atA.stream().filter(r -> r.seg().ack() > lostSeq).findFirst().orElseThrow();
    assertTrue(fullAck.timePs() > retransmission.timePs());
    assertEquals(expectedSsthresh, fullAck.ssthreshAfter());
    assertTrue(fullAck.cwndAfter() <= expectedSsthresh, "window deflated on leaving recovery");
  }

  // ---- 7. RTO with backoff ----

  /**
   * RFC 6298: with a 20 µs RTT, RTO = max(minRTO 200 ms, SRTT + 4 RTTVAR) = 200 ms, started afresh
   * by the last ACK that acknowledged new data (5.3); each expiry retransmits the first
   * unacknowledged segment and doubles the RTO (5.4-5.6): 200, 400, 800, 1600 ms. RFC 5681 3.1:
   * after a timeout cwnd is one segment. A blackout of A's direction from 100 µs to 2 s eats the
   * retransmissions at +0.2, +0.6 and +1.4 s; the fourth (+3.0 s) gets through, slow start resumes
   * and the transfer completes; the fresh RTT sample restores the 200 ms RTO (5.7).
   */
  @Test
  void shouldBackOffExponentiallyAndFinishWhenSenderIsBlackedOut() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, PS_PER_BYTE_10G);
    long blackoutStart = 100 * US;
    long blackoutEnd = 2_000 * MS;
    net.drop = (from, seg, now, i) -> from.equals("A") && now >= blackoutStart && now < blackoutEnd;
    long total = 1L << 20;
    net.send(total);
    net.runToIdle();

    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(4, a.counters().timeouts());
    assertEquals(0, a.counters().fastRetransmits());

    long hole =
        net.dataSentBy("A").stream().filter(Tx::dropped).findFirst().orElseThrow().seg().seq();
    List<Tx> copies = net.dataSentBy("A").stream().filter(t -> t.seg().seq() == hole).toList();
    assertEquals(5, copies.size(), "the original and four retransmissions");
    long lastNewAck =
        net.receivedBy("A").stream()
            .filter(r -> r.timePs() < copies.get(1).timePs() && r.seg().ack() <= hole)
            .mapToLong(Rx::timePs)
            .max()
            .orElseThrow();
    long minRto = 200 * MS;
    assertEquals(lastNewAck + minRto, copies.get(1).timePs(), "first expiry after minRTO");
    for (int i = 2; i < copies.size(); i++) {
      long gap = copies.get(i).timePs() - copies.get(i - 1).timePs();
      assertEquals(minRto << (i - 1), gap, "backoff before retransmission " + i);
    }
    for (int i = 1; i < copies.size(); i++) {
      assertEquals(MSS, copies.get(i).seg().lenBytes());
      assertEquals(i < 4, copies.get(i).dropped());
    }
    // cwnd was one segment after each timeout: nothing but the hole left A until it was acked.
    long recovered =
        net.receivedBy("A").stream()
            .filter(r -> r.seg().ack() > hole)
            .findFirst()
            .orElseThrow()
            .timePs();
    assertEquals(
        4,
        net.dataSentBy("A").stream()
            .filter(t -> t.timePs() >= copies.get(1).timePs() && t.timePs() < recovered)
            .count());
    Rx firstAfter =
        net.receivedBy("A").stream().filter(r -> r.seg().ack() > hole).findFirst().orElseThrow();
    assertEquals(2L * MSS, firstAfter.cwndAfter(), "slow start from 1 MSS: +1 MSS acked");
    assertEquals(minRto, a.rtoPs());
  }

  /**
   * RFC 5681 3.1: on a timeout ssthresh = max(FlightSize / 2, 2 MSS) (Linux and this model use
   * cwnd: CUBIC's beta 0.7 here) and cwnd = 1 MSS (the loss window); when the same segment times
   * out again ssthresh is held constant (the note to equation 4).
   */
  @Test
  void shouldCollapseWindowToOneSegmentWhenRetransmissionTimerExpires() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, PS_PER_BYTE_10G);
    net.drop = (from, seg, now, i) -> from.equals("A") && now >= 100 * US;
    net.send(1L << 20);
    while (net.a.conn.counters().timeouts() == 0) {
      net.runUntil(net.queue.peek().timePs());
    }
    Rx lastAck = net.rx.get(net.rx.size() - 1);
    assertTrue(lastAck.timePs() < net.nowPs);
    long cwndAtExpiry = lastAck.cwndAfter();
    assertTrue(cwndAtExpiry > 10L * MSS, "slow start grew the window");
    long ssthresh = Math.max(cwndAtExpiry * 7 / 10, 2L * MSS);
    assertEquals(MSS, net.a.conn.cwndBytes());
    assertEquals(ssthresh, net.a.conn.ssthreshBytes());
    while (net.a.conn.counters().timeouts() == 1) {
      net.runUntil(net.queue.peek().timePs());
    }
    assertEquals(MSS, net.a.conn.cwndBytes());
    assertEquals(ssthresh, net.a.conn.ssthreshBytes(), "held on the second expiry");
  }

  /**
   * A retransmission wake handled after its time (the VM running the stack was stopped for a
   * migration's stop-and-copy, which holds its events until it resumes) still fires, late, as a
   * kernel's timer does: taking it for a superseded wake would leave a connection whose ACKs were
   * all lost with no timer, stalled for good.
   */
  @Test
  void shouldFireTheRetransmissionTimerLateWhenItsWakeIsHandledAfterItsTime() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, PS_PER_BYTE_10G);
    net.drop = (from, seg, now, i) -> from.equals("A") && now >= 100 * US;
    net.send(1L << 20);
    Event wake = null;
    while (wake == null) {
      Event e = net.queue.peek();
      if (e.kind() == Kind.TIMER
          && e.end() == net.a
          && e.arg() == 0
          && net.a.conn.counters().timeouts() == 0
          && e.timePs() > 100 * US) {
        wake = net.queue.poll();
      } else {
        net.runUntil(e.timePs());
      }
    }
    // held until the next event, or 3 ms, whichever is earlier: nothing else is skipped
    long latePs = net.queue.isEmpty() ? wake.timePs() + 3_000 * US : net.queue.peek().timePs();
    latePs = Math.min(latePs, wake.timePs() + 3_000 * US);
    assertTrue(latePs > wake.timePs());
    net.nowPs = latePs;
    net.a.conn.onTimer((int) wake.arg(), latePs);
    assertEquals(1, net.a.conn.counters().timeouts(), "the late wake fired the timer");
    assertEquals(MSS, net.a.conn.cwndBytes());
  }

  // ---- 8. receive window ----

  /**
   * RFC 9293 3.8.6: the sender never sends beyond the window the receiver offered, so with B not
   * reading A stops once B's 64 KB buffer is (nearly) full; when B reads, it announces the reopened
   * window with an ACK at once (Linux tcp_cleanup_rbuf: the window at least doubled), and A resumes
   * one propagation delay later.
   */
  @Test
  void shouldStopAtReceiveBufferAndResumeOnWindowUpdateWhenReceiverStopsReading() {
    long buffer = 64L << 10;
    Net net = new Net(settings(true, false, buffer, "cubic"), DELAY_PS, PS_PER_BYTE_10G);
    long total = 1L << 20;
    net.b.reading = false;
    net.drop =
        (from, seg, now, i) -> {
          if (from.equals("A")) {
            long inBuffer = seg.endSeq() - net.b.conn.readBytes();
            assertTrue(inBuffer <= buffer, "sent beyond the receive buffer: " + inBuffer);
          }
          return false;
        };
    net.send(total);
    net.runUntil(STALL_PS);

    TcpConnection a = net.a.conn;
    TcpConnection b = net.b.conn;
    long stalled = a.ackedBytes();
    assertTrue(stalled <= buffer);
    assertTrue(stalled > buffer - MSS, "the window was used up to less than a segment");
    assertEquals(stalled, b.readableBytes(), "all of it waits in B's buffer");
    assertEquals(0, b.readBytes());
    assertEquals(0, b.counters().droppedOutsideWindow());
    Tx lastFromB = net.sentBy("B").get(net.sentBy("B").size() - 1);
    assertTrue(lastFromB.seg().windowBytes() < MSS, "B's last word: no room for a segment");
    int sentBeforeRead = net.dataSentBy("A").size();

    long readAt = 1_000 * MS;
    net.runUntil(readAt);
    assertEquals(sentBeforeRead, net.dataSentBy("A").size(), "A waits for the window");
    net.b.reading = true;
    net.b.wakeApp();
    net.runUntil(readAt);
    assertEquals(stalled, b.readBytes());
    List<Tx> fromB = net.sentBy("B");
    Tx update = fromB.get(fromB.size() - 1);
    assertEquals(readAt, update.timePs(), "window update sent when the application read");
    assertEquals(stalled, update.seg().ack());
    assertEquals(0, update.seg().lenBytes());
    assertEquals(buffer, update.seg().windowBytes());

    net.runToIdle();
    Tx resumed = net.dataSentBy("A").get(sentBeforeRead);
    assertEquals(readAt + DELAY_PS + 90 * PS_PER_BYTE_10G, resumed.timePs());
    assertEquals(stalled, resumed.seg().seq());
    assertEquals(total, b.readBytes());
    assertEquals(0, b.counters().droppedOutsideWindow());
  }

  /**
   * RFC 9293 3.8.6.2.2 (MUST-39, from RFC 1122 4.2.3.3): receiver silly-window avoidance. After the
   * window closed, the right edge may only move once the increase reaches min(buffer / 2, MSS);
   * Linux's __tcp_select_window advertises 0 while the free space is below one MSS. Reading 100
   * bytes out of a full buffer must not make B offer a 100-byte window, and A must not be driven to
   * send 100-byte segments.
   */
  @Test
  void shouldNotAdvertiseSillyWindowWhenReceiverReadsFewBytesFromFullBuffer() {
    long buffer = 64L << 10;
    Net net = new Net(settings(true, false, buffer, "cubic"), DELAY_PS, 0);
    net.b.reading = false;
    net.send(1L << 20);
    net.runUntil(STALL_PS);
    long stalled = net.a.conn.ackedBytes();
    assertTrue(stalled <= buffer);
    net.runUntil(1_000 * MS); // zero-window probes and their answers come and go meanwhile
    int bSent = net.sentBy("B").size();
    int aSent = net.dataSentBy("A").size();

    assertEquals(100, net.b.conn.read(100, net.nowPs));
    net.runUntil(1_000 * MS + 10 * MS);
    List<Tx> updates = net.sentBy("B").subList(bSent, net.sentBy("B").size());
    for (Tx t : updates) {
      long free = buffer - (t.seg().ack() - 100);
      assertTrue(
          t.seg().windowBytes() == 0 || t.seg().windowBytes() >= Math.min(buffer / 2, MSS),
          "silly window advertised: " + t.seg().windowBytes() + " of " + free + " free");
    }
    List<Tx> more = net.dataSentBy("A").subList(aSent, net.dataSentBy("A").size());
    assertTrue(
        more.stream().allMatch(t -> t.seg().lenBytes() >= MSS), "A sent silly segments: " + more);
  }

  /**
   * RFC 9293 3.8.6.2.1 (MUST-38, from RFC 1122 4.2.3.4): sender silly-window avoidance. With more
   * data queued than the window allows, a segment goes only if it is a full MSS or at least half
   * the largest window the peer offered; Linux's tcp_snd_wnd_test likewise sends only when the
   * first full MSS fits the window. B's 64 KB buffer holds 45 full segments (65160 bytes) and 376
   * bytes more: A must stop after the 45 full segments rather than send a 376-byte one.
   */
  @Test
  void shouldNotSendSubMssSegmentWhenOnlyTheReceiveWindowLimitsAndMoreDataIsQueued() {
    long buffer = 64L << 10;
    Net net = new Net(settings(true, false, buffer, "cubic"), DELAY_PS, 0);
    net.b.reading = false;
    net.send(1L << 20);
    net.runUntil(STALL_PS);
    List<Tx> data = net.dataSentBy("A");
    assertTrue(
        data.stream().allMatch(t -> t.seg().lenBytes() == MSS),
        "sub-MSS segments: "
            + data.stream().filter(t -> t.seg().lenBytes() < MSS).map(Tx::seg).toList());
    assertEquals(buffer / MSS * MSS, net.a.conn.ackedBytes());
  }

  /**
   * RFC 9293 3.8.6.1 (MUST-36; RFC 1122 4.2.2.17): a sender facing a zero window probes it, with
   * exponential backoff, so that a lost window update cannot stall the connection forever (Linux's
   * persist timer, tcp_probe_timer). Here B's buffer fills, B reads everything, and the ACK that
   * announces the reopened window is lost; B has nothing more to say, so only a probe from A can
   * resume the transfer.
   */
  @Test
  void shouldProbeZeroWindowAndFinishWhenWindowUpdateIsLost() {
    long buffer = 64L << 10;
    Net net = new Net(settings(true, false, buffer, "cubic"), DELAY_PS, PS_PER_BYTE_10G);
    long readAt = 1_000 * MS;
    boolean[] lostOne = {false};
    net.drop =
        (from, seg, now, i) -> {
          if (from.equals("B") && now >= readAt && !lostOne[0]) {
            lostOne[0] = true;
            return true;
          }
          return false;
        };
    long total = 1L << 20;
    net.b.reading = false;
    net.send(total);
    net.runUntil(STALL_PS);
    long stalled = net.a.conn.ackedBytes();
    assertTrue(stalled <= buffer);
    net.runUntil(readAt);
    net.b.reading = true;
    net.b.wakeApp();
    net.runToIdle();
    assertTrue(lostOne[0], "the window update was sent and lost");
    assertEquals(total, net.b.conn.readBytes(), "stalled at " + net.b.conn.readBytes());
  }

  // ---- 9. out-of-order reception ----

  /**
   * RFC 9293 3.10.7.4 / RFC 5681 4.2: segments beyond a hole are kept and answered with an
   * immediate duplicate ACK (ack = the hole's first byte, same window); the segment filling the
   * hole delivers everything in order and is acknowledged at once.
   */
  @Test
  void shouldBufferOutOfOrderSegmentsAndSendDuplicateAcksWhenFirstSegmentIsMissing() {
    List<Segment> acks = new ArrayList<>();
    List<Long> readableAt = new ArrayList<>();
    TcpPorts ports =
        new TcpPorts() {
          @Override
          public void transmit(Segment segment, long nowPs) {
            acks.add(segment);
          }

          @Override
          public void armTimer(int connId, int timer, long atPs) {}

          @Override
          public void readable(int connId, long nowPs) {
            readableAt.add(nowPs);
          }

          @Override
          public void writable(int connId, long nowPs) {}
        };
    TcpSettings s = TcpSettings.linux(MTU);
    TcpConnection b = new TcpConnection(CONN, s, ports);
    Segment[] seg = new Segment[3];
    for (int i = 0; i < 3; i++) {
      long tsVal = (i + 1) * US;
      seg[i] = new Segment(CONN, (long) i * MSS, 0, MSS, s.receiveBufferBytes(), 52, tsVal, -1);
    }
    b.onSegment(seg[1], 10 * US);
    b.onSegment(seg[2], 11 * US);
    assertEquals(0, b.readableBytes(), "nothing in order yet");
    assertTrue(readableAt.isEmpty());
    assertEquals(2, acks.size(), "an immediate ACK for each out-of-order segment");
    for (Segment ack : acks) {
      assertEquals(0, ack.ack(), "duplicate ACK names the hole");
      assertEquals(0, ack.lenBytes());
      assertEquals(s.receiveBufferBytes(), ack.windowBytes(), "same window: a true duplicate");
    }
    assertEquals(2, b.counters().outOfOrderSegments());

    b.onSegment(seg[0], 12 * US);
    assertEquals(3L * MSS, b.readableBytes());
    assertEquals(List.of(12 * US), readableAt);
    assertEquals(3, acks.size(), "the hole filled: ACK at once, not delayed");
    assertEquals(3L * MSS, acks.get(2).ack());
    assertEquals(US, acks.get(2).tsEcrPs(), "echoes the segment that filled the hole");
    assertEquals(3L * MSS, b.read(Long.MAX_VALUE, 13 * US));
    assertEquals(3L * MSS, b.readBytes());
    assertEquals(0, b.counters().duplicateSegments());
  }

  // ---- 10. determinism ----

  private static List<Tx> lossyRun(String congestion, long seed) {
    Net net = new Net(withCongestion(congestion), DELAY_PS, PS_PER_BYTE_10G);
    SplittableRandom random = new SplittableRandom(seed);
    net.drop = (from, seg, now, i) -> random.nextInt(100) < (from.equals("A") ? 1 : 2);
    long total = 2L << 20;
    net.send(total);
    net.runToIdle();
    assertEquals(total, net.b.conn.readBytes());
    assertTrue(net.a.conn.counters().retransmittedSegments() > 0, "the run had losses");
    return net.tx;
  }

  /** Same inputs, same outputs: two runs with the same losses transmit identical sequences. */
  @ParameterizedTest
  @ValueSource(strings = {"newreno", "cubic"})
  void shouldTransmitIdenticalSegmentsWhenTheSameLossyScenarioRunsTwice(String congestion) {
    List<Tx> first = lossyRun(congestion, 42);
    List<Tx> second = lossyRun(congestion, 42);
    assertNotNull(first);
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i), second.get(i), "transmission " + i);
    }
    assertTrue(first.stream().anyMatch(Tx::dropped));
  }
}
