package io.vioemu.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.stack.tcp.TcpConnectionTest.Net;
import io.vioemu.stack.tcp.TcpConnectionTest.Rx;
import io.vioemu.stack.tcp.TcpConnectionTest.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SACK (RFC 2018) and SACK-based loss recovery (RFC 6675), with the two-ended event loop of {@link
 * TcpConnectionTest} (A sends, B receives, the test decides what the link loses). Expectations come
 * from the RFCs and from Linux, with SACK on by default as Linux negotiates it; each scenario that
 * shows what SACK buys also runs without it, where the NewReno behaviour of RFC 6582 must hold.
 */
class TcpSackTest {
  private static final int MTU = 1500;
  private static final int MSS = 1448;
  private static final int CONN = 7;
  private static final long US = 1_000_000L;
  private static final long MS = 1_000 * US;
  private static final long DELAY_PS = 10 * US;
  private static final long RTT_PS = 2 * DELAY_PS;
  private static final long PS_PER_BYTE_10G = 800;

  // ---- helpers ----

  private static TcpSettings settings(
      boolean sack, boolean timestamps, int initialCwndSegments, int tsoMaxBytes, String cc) {
    TcpSettings l = TcpSettings.linux(MTU);
    return new TcpSettings(
        l.mtuBytes(),
        timestamps,
        sack,
        l.noDelay(),
        l.delayedAck(),
        l.delayedAckPs(),
        initialCwndSegments,
        l.sendBufferBytes(),
        l.receiveBufferBytes(),
        l.minRtoPs(),
        l.initialRtoPs(),
        l.maxRtoPs(),
        tsoMaxBytes,
        l.queueLimitBytes(),
        cc,
        l.dupThresh());
  }

  /** Linux's defaults with an initial window of {@code initialCwnd} segments. */
  private static TcpSettings withWindow(boolean sack, int initialCwnd) {
    return settings(sack, true, initialCwnd, 0, "cubic");
  }

  /** Drops the first {@code times} transmissions of each data segment that starts a lost seq. */
  private static TcpConnectionTest.DropRule dropFromA(LongPredicate lostSeq, int times) {
    Map<Long, Integer> seen = new HashMap<>();
    return (from, seg, now, i) ->
        from.equals("A")
            && seg.lenBytes() > 0
            && lostSeq.test(seg.seq())
            && seen.merge(seg.seq(), 1, Integer::sum) <= times;
  }

  private static List<Tx> copiesOf(Net net, long seq) {
    return net.dataSentBy("A").stream().filter(t -> t.seg().seq() == seq).toList();
  }

  private static long firstAckAtA(Net net, long atLeast) {
    return net.receivedBy("A").stream()
        .filter(r -> r.seg().ack() >= atLeast)
        .findFirst()
        .orElseThrow()
        .timePs();
  }

  /** SACKed bytes at or above {@code from} that one ACK reports. */
  private static long sackedAbove(Segment ack, long from) {
    return ack.sackBlocks().stream()
        .mapToLong(b -> Math.max(0, b.end() - Math.max(b.start(), from)))
        .sum();
  }

  private static SackBlock block(int fromSegment, int toSegment) {
    return new SackBlock((long) fromSegment * MSS, (long) toSegment * MSS);
  }

  // ---- 1. the option ----

  /**
   * RFC 2018 section 3: kind and length (2 bytes) and 8 bytes per block; Linux pads with two NOPs
   * to a multiple of 4. 40 option bytes leave room for 3 blocks beside the 12-byte timestamps
   * option, 4 without it (RFC 2018 section 3).
   */
  @Test
  void shouldSizeTheSackOptionByItsBlocksWhenPaddedToFourBytes() {
    assertEquals(
        List.of(0, 12, 20, 28, 36),
        LongStream.range(0, 5).mapToObj(n -> Segment.sackOptionBytes((int) n)).toList());
    assertEquals(3, TcpSettings.linux(MTU).maxSackBlocks());
    assertEquals(4, settings(true, false, 10, 0, "cubic").maxSackBlocks());
    assertTrue(TcpSettings.linux(MTU).sack(), "Linux negotiates SACK by default");
    // a record with a list of records: equal blocks, equal segments
    Segment a = new Segment(CONN, 0, 5, 0, 1000, 64, -1, -1, List.of(new SackBlock(10, 20)));
    Segment b =
        new Segment(
            CONN, 0, 5, 0, 1000, 64, -1, -1, new ArrayList<>(List.of(new SackBlock(10, 20))));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(
        a, new Segment(CONN, 0, 5, 0, 1000, 64, -1, -1, List.of(new SackBlock(10, 21))));
    assertEquals(List.of(), new Segment(CONN, 0, 5, 0, 1000, 52, -1, -1).sackBlocks());
    assertEquals(a.sackBlocks(), a.slice(0, 0).sackBlocks(), "TSO copies the options");
  }

  // ---- 2. the receiver: which blocks, in which order ----

  /** B alone, driven segment by segment; what it transmits is captured. */
  private static final class Receiver implements TcpPorts {
    final List<Segment> sent = new ArrayList<>();
    final TcpConnection conn;
    final TcpSettings settings;

    Receiver(TcpSettings settings) {
      this.settings = settings;
      this.conn = new TcpConnection(CONN, settings, this);
    }

    /** Segment {@code n} (of MSS bytes) arrives; returns the blocks of the ACK it caused. */
    List<SackBlock> receive(int n) {
      int before = sent.size();
      long now = (n + 1) * US;
      conn.onSegment(
          new Segment(
              CONN,
              (long) n * MSS,
              0,
              MSS,
              settings.receiveBufferBytes(),
              settings.headerBytes(),
              settings.timestamps() ? now : -1,
              -1),
          now);
      assertEquals(before + 1, sent.size(), "one immediate ACK for segment " + n);
      Segment ack = sent.get(sent.size() - 1);
      assertEquals(
          settings.headerBytes() + Segment.sackOptionBytes(ack.sackBlocks().size()),
          ack.headerBytes(),
          "the option's bytes are in the header");
      return ack.sackBlocks();
    }

    @Override
    public void transmit(Segment segment, long nowPs) {
      sent.add(segment);
    }

    @Override
    public void armTimer(int connId, int timer, long atPs) {}

    @Override
    public void readable(int connId, long nowPs) {}

    @Override
    public void writable(int connId, long nowPs) {}
  }

  /**
   * RFC 2018 section 4: the first block holds the segment that triggered the ACK (unless it moved
   * the cumulative ACK), then the most recently reported blocks that it does not cover, as many as
   * fit: 3 beside timestamps. Blocks go once the cumulative ACK covers them, and the option with
   * them when nothing is held out of order.
   */
  @Test
  void shouldReportTheBlockOfTheLatestSegmentFirstThenTheMostRecentlyReportedOnes() {
    Receiver b = new Receiver(TcpSettings.linux(MTU));
    assertEquals(List.of(block(2, 3)), b.receive(2));
    assertEquals(List.of(block(4, 5), block(2, 3)), b.receive(4));
    assertEquals(List.of(block(6, 7), block(4, 5), block(2, 3)), b.receive(6));
    assertEquals(List.of(block(8, 9), block(6, 7), block(4, 5)), b.receive(8), "three fit");
    // 5 joins [4, 5) and [6, 7): the first block is the whole contiguous block; the two it covers
    // are not repeated, and [2, 3), held but left out of the last ACK, comes back
    assertEquals(List.of(block(4, 7), block(8, 9), block(2, 3)), b.receive(5));
    assertEquals(List.of(block(8, 9), block(4, 7), block(2, 3)), b.receive(8), "a duplicate");
    // 0 advances the cumulative ACK: no first block of its own, the order stays
    assertEquals(List.of(block(8, 9), block(4, 7), block(2, 3)), b.receive(0));
    assertEquals(MSS, b.sent.get(b.sent.size() - 1).ack());
    assertEquals(List.of(block(8, 9), block(4, 7)), b.receive(1), "[2, 3) is acknowledged");
    assertEquals(3L * MSS, b.sent.get(b.sent.size() - 1).ack());
    assertEquals(List.of(block(8, 9)), b.receive(3));
    assertEquals(List.of(), b.receive(7), "nothing held: no option");
    assertEquals(9L * MSS, b.sent.get(b.sent.size() - 1).ack());
    assertEquals(52, b.sent.get(b.sent.size() - 1).headerBytes());
    assertEquals(
        b.sent.stream().mapToLong(s -> s.sackBlocks().size()).sum(),
        b.conn.counters().sackBlocksSent());
  }

  /** Without timestamps the 40 option bytes take 4 blocks: 20 + 36 = 56 header bytes. */
  @Test
  void shouldReportFourBlocksWhenTimestampsAreOff() {
    Receiver b = new Receiver(settings(true, false, 10, 0, "cubic"));
    for (int n : new int[] {2, 4, 6, 8}) {
      b.receive(n);
    }
    assertEquals(List.of(block(10, 11), block(8, 9), block(6, 7), block(4, 5)), b.receive(10));
    Segment ack = b.sent.get(b.sent.size() - 1);
    assertEquals(40 + 36, ack.headerBytes());
    assertEquals(0, ack.ack());
  }

  /** SACK off: a duplicate ACK is a plain one, with today's headers. */
  @Test
  void shouldSendNoBlocksWhenSackIsOff() {
    Receiver b = new Receiver(TcpSettings.linux(MTU).withSack(false));
    assertEquals(List.of(), b.receive(2));
    assertEquals(List.of(), b.receive(4));
    assertEquals(52, b.sent.get(1).headerBytes());
    assertEquals(0, b.conn.counters().sackBlocksSent());
  }

  // ---- 3. the sender: several losses in one window ----

  /**
   * RFC 6675 repairs every hole of a window in about one round trip: A sends a window of 100
   * segments (initial window 100, a serializer too fast to matter) and the link loses, once, either
   * every 10th (segments 0, 10, ..., 90) or a burst of 20 (40..59, a receive ring overflowing). The
   * duplicate ACKs reach A one RTT after the start and SACK everything above the holes: IsLost
   * marks each hole once three segments' worth above it are SACKed, and A retransmits lost segments
   * as the pipe allows (cwnd = ssthresh = 0.7 * cwnd for CUBIC). With every 10th lost, the pipe has
   * drained enough by the last SACK for all ten to go at that instant, and the cumulative ACK
   * covers the window one RTT later. With the burst, the ACKs of 0..39 first grew the window and
   * released 80 new segments, so the pipe takes the last two retransmissions only on the next ACKs,
   * one RTT later. Either way: no timeout, one recovery, each lost segment sent again exactly once.
   *
   * <p>Without SACK, NewReno learns of one hole per partial ACK (RFC 6582): the window takes at
   * least one round trip per hole.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"every 10th, 1, 2, 10", "a burst of 20, 2, 3, 20"})
  void shouldRepairEveryLossOfAWindowInOneRoundTripWhenSackIsOn(
      String pattern, int retransmittedByRtts, int ackedByRtts, int renoAtLeastRtts) {
    Set<Long> lost =
        pattern.equals("every 10th")
            ? Set.copyOf(LongStream.range(0, 10).map(k -> k * 10 * MSS).boxed().toList())
            : Set.copyOf(LongStream.range(40, 60).map(k -> k * MSS).boxed().toList());
    long window = 100L * MSS;
    long total = 300L * MSS;

    Net net = new Net(withWindow(true, 100), DELAY_PS, 0);
    net.drop = dropFromA(lost::contains, 1);
    net.send(total);
    net.runToIdle();
    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(0, a.counters().timeouts());
    assertEquals(1, a.counters().sackRecoveries());
    assertEquals(1, a.counters().fastRetransmits());
    assertEquals(lost.size(), a.counters().retransmittedSegments(), "only the lost segments");
    assertEquals(0, net.b.conn.counters().duplicateSegments());
    for (long seq : lost) {
      List<Tx> copies = copiesOf(net, seq);
      assertEquals(2, copies.size(), "segment " + seq / MSS);
      assertTrue(copies.get(1).timePs() <= retransmittedByRtts * RTT_PS, "repaired as SACKed");
    }
    long repaired = firstAckAtA(net, window);
    assertTrue(repaired <= ackedByRtts * RTT_PS, "the window acknowledged at " + repaired);

    List<Rx> atA = net.receivedBy("A");
    int entry = 0;
    while (atA.get(entry).ssthreshAfter() == Long.MAX_VALUE) {
      entry++;
    }
    long cwndAtLoss = atA.get(entry - 1).cwndAfter();
    assertEquals(pattern.equals("every 10th") ? window : 140L * MSS, cwndAtLoss);
    assertEquals(cwndAtLoss * 7 / 10, atA.get(entry).ssthreshAfter(), "CUBIC's beta");
    assertEquals(
        atA.get(entry).ssthreshAfter(),
        atA.get(entry).cwndAfter(),
        "RFC 6675 step 4.2: cwnd = ssthresh");
    assertTrue(net.sentBy("B").stream().anyMatch(t -> !t.seg().sackBlocks().isEmpty()));

    Net reno = new Net(withWindow(false, 100), DELAY_PS, 0);
    reno.drop = dropFromA(lost::contains, 1);
    reno.send(total);
    reno.runToIdle();
    assertEquals(total, reno.b.conn.readBytes());
    long renoRepaired = firstAckAtA(reno, window);
    System.out.printf(
        "%s: window repaired at %d us with SACK, %d us without (%d timeouts)%n",
        pattern, repaired / US, renoRepaired / US, reno.a.conn.counters().timeouts());
    assertTrue(
        renoRepaired >= renoAtLeastRtts * RTT_PS, "NewReno repaired the window at " + renoRepaired);
    assertEquals(0, reno.a.conn.counters().sackRecoveries());
    assertTrue(reno.tx.stream().allMatch(t -> t.seg().sackBlocks().isEmpty()));
  }

  // ---- 4. a lost retransmission ----

  /**
   * A retransmission lost in its turn. RFC 6675 does not detect it (the hole stays covered by
   * HighRxt until the timer); Linux does (tcp_mark_lost_retrans, before RACK): once data sent after
   * the retransmission is SACKed beyond DupThresh segments, the retransmission is lost, and it goes
   * again within the same recovery. Here segment 300 of a 4 MB bulk transfer is lost twice: its
   * third copy leaves on the first ACK that SACKs more than 2 segments of data sent after the
   * second copy, without a timeout. Without SACK, NewReno waits for the retransmission timer.
   */
  @Test
  void shouldResendALostRetransmissionWithoutTimeoutWhenLaterDataIsSacked() {
    long lostSeq = 300L * MSS;
    long total = 4L << 20;
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, PS_PER_BYTE_10G);
    net.drop = dropFromA(seq -> seq == lostSeq, 2);
    net.send(total);
    net.runToIdle();
    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(0, a.counters().timeouts());
    assertEquals(1, a.counters().sackRecoveries());
    assertEquals(1, a.counters().lostRetransmits());
    assertEquals(2, a.counters().retransmittedSegments());
    List<Tx> copies = copiesOf(net, lostSeq);
    assertEquals(3, copies.size());
    assertTrue(copies.get(0).dropped() && copies.get(1).dropped() && !copies.get(2).dropped());

    // the highest byte sent when the second copy left
    int second = net.tx.indexOf(copies.get(1));
    long high =
        net.tx.subList(0, second + 1).stream()
            .filter(t -> t.from().equals("A"))
            .mapToLong(t -> t.seg().endSeq())
            .max()
            .orElseThrow();
    List<Rx> atA = net.receivedBy("A");
    int trigger = -1;
    for (int i = 0; i < atA.size(); i++) {
      if (atA.get(i).timePs() == copies.get(2).timePs()) {
        trigger = i;
      }
    }
    assertTrue(trigger > 0, "the third copy left on an ACK's arrival");
    assertTrue(sackedAbove(atA.get(trigger).seg(), high) > 2L * MSS, "DupThresh above it");
    assertTrue(sackedAbove(atA.get(trigger - 1).seg(), high) <= 2L * MSS, "not one ACK earlier");

    Net reno = new Net(TcpSettings.linux(MTU).withSack(false), DELAY_PS, PS_PER_BYTE_10G);
    reno.drop = dropFromA(seq -> seq == lostSeq, 2);
    reno.send(total);
    reno.runToIdle();
    assertEquals(total, reno.b.conn.readBytes());
    assertEquals(1, reno.a.conn.counters().timeouts(), "NewReno needs the timer");
    assertEquals(3, copiesOf(reno, lostSeq).size());
  }

  // ---- 5. entering recovery ----

  /**
   * RFC 6675 section 5 (1.b): recovery starts when IsLost(HighACK + 1), i.e. more than two
   * segments' worth above the hole are SACKed, even on the first duplicate ACK (one ACK for a GRO
   * aggregate of three segments). NewReno counts ACKs, not segments: one duplicate ACK is not
   * enough.
   */
  @ParameterizedTest(name = "sack = {0}")
  @ValueSource(booleans = {true, false})
  void shouldRetransmitOnTheFirstAckThatSacksThreeSegmentsWhenSackIsOn(boolean sack) {
    List<Segment> sent = new ArrayList<>();
    TcpPorts ports =
        new TcpPorts() {
          @Override
          public void transmit(Segment segment, long nowPs) {
            sent.add(segment);
          }

          @Override
          public void armTimer(int connId, int timer, long atPs) {}

          @Override
          public void readable(int connId, long nowPs) {}

          @Override
          public void writable(int connId, long nowPs) {}
        };
    TcpSettings s = TcpSettings.linux(MTU).withSack(sack);
    TcpConnection a = new TcpConnection(CONN, s, ports);
    a.write(10L * MSS, 0);
    assertEquals(10, sent.size());
    List<SackBlock> blocks = sack ? List.of(block(1, 4)) : List.of();
    a.onSegment(
        new Segment(
            CONN,
            0,
            0,
            0,
            s.receiveBufferBytes(),
            52 + Segment.sackOptionBytes(blocks.size()),
            20 * US,
            1,
            blocks),
        20 * US);
    if (sack) {
      assertEquals(11, sent.size(), "the first segment again, at once");
      assertEquals(0, sent.get(10).seq());
      assertEquals(MSS, sent.get(10).lenBytes());
      assertEquals(1, a.counters().sackRecoveries());
      assertEquals(10L * MSS * 7 / 10, a.ssthreshBytes());
      assertEquals(a.ssthreshBytes(), a.cwndBytes());
    } else {
      assertEquals(10, sent.size());
      assertEquals(0, a.counters().fastRetransmits());
    }
  }

  // ---- 6. rescue retransmission ----

  /**
   * RFC 6675 NextSeg rule 4: a transfer of 20 segments loses segment 10 and the last one, 19. The
   * SACKs of 11..18 start recovery and repair 10, but nothing SACKed lies above 19, so IsLost never
   * holds for it, and no new data is left to send. When the cumulative ACK passes the first
   * retransmission (it stops at 19, two RTTs after the loss), the rescue retransmission sends the
   * highest unSACKed segment, 19, and the transfer ends without waiting 200 ms for the timer.
   */
  @Test
  void shouldRescueTheLastSegmentWhenNothingAboveItCanBeSacked() {
    Net net = new Net(TcpSettings.linux(MTU), DELAY_PS, 0);
    long total = 20L * MSS;
    net.drop = dropFromA(seq -> seq == 10L * MSS || seq == 19L * MSS, 1);
    net.send(total);
    net.runToIdle();
    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(0, a.counters().timeouts());
    assertEquals(2, a.counters().retransmittedSegments());
    long partialAck = firstAckAtA(net, 19L * MSS);
    assertEquals(3 * RTT_PS, partialAck);
    List<Tx> last = copiesOf(net, 19L * MSS);
    assertEquals(2, last.size());
    assertEquals(partialAck, last.get(1).timePs(), "rescued on the partial ACK");
  }

  // ---- 7. after a timeout ----

  /**
   * RFC 6675 section 5.1: after a timeout the sender should use the SACK information to choose what
   * to resend. A transfer of 20 segments loses every copy of segments 12 and 15 sent in its first
   * 100 ms: with SACK, their fast retransmissions too, and no new data follows them, so only the
   * timer can find that. After it, 12 goes again (RFC 2018 section 8: the left edge, always), B
   * acknowledges up to 15 and SACKs 16..19, and A resends 15 alone. Without SACK, the timer also
   * comes (NewReno retransmitted 12 only), and go-back-N then resends 16, 17 and 18, which B holds.
   */
  @ParameterizedTest(name = "sack = {0}")
  @ValueSource(booleans = {true, false})
  void shouldResendOnlyTheHolesAfterATimeoutWhenSackIsOn(boolean sack) {
    Net net = new Net(TcpSettings.linux(MTU).withSack(sack), DELAY_PS, 0);
    long total = 20L * MSS;
    net.drop =
        (from, seg, now, i) ->
            from.equals("A")
                && (seg.seq() == 12L * MSS || seg.seq() == 15L * MSS)
                && seg.lenBytes() > 0
                && now < 100 * MS;
    net.send(total);
    net.runToIdle();
    TcpConnection a = net.a.conn;
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(1, a.counters().timeouts());
    Tx timeout = copiesOf(net, 12L * MSS).get(2);
    assertTrue(timeout.timePs() >= 200 * MS, "the third copy of 12 waited for the timer");
    List<Long> afterTimeout =
        net.dataSentBy("A").stream()
            .filter(t -> t.timePs() >= timeout.timePs())
            .map(t -> t.seg().seq() / MSS)
            .toList();
    if (sack) {
      assertEquals(List.of(12L, 15L), afterTimeout);
      assertEquals(0, net.b.conn.counters().duplicateSegments());
      assertEquals(1, a.counters().sackRecoveries());
      assertEquals(2, copiesOf(net, 15L * MSS).size() - 1, "fast, then after the timeout");
    } else {
      assertEquals(List.of(12L, 15L, 16L, 17L, 18L), afterTimeout);
      assertEquals(3, net.b.conn.counters().duplicateSegments());
    }
  }

  // ---- 8. headers and the MTU ----

  /**
   * Every segment's headers are the base 52 bytes plus the SACK option it carries; a data segment
   * that carries blocks (B sends data too, while it holds A's out-of-order data) gives up the
   * option's bytes of payload so that the packet still fits the MTU (Linux's tcp_current_mss), and
   * is not a TSO super-segment (the NIC would cut it into full-MSS frames). Both transfers
   * complete.
   */
  @Test
  void shouldKeepEveryPacketWithinTheMtuWhenDataSegmentsCarrySackBlocks() {
    Net net = new Net(settings(true, true, 10, 65_536, "cubic"), DELAY_PS, PS_PER_BYTE_10G);
    SplittableRandom random = new SplittableRandom(7);
    net.drop = (from, seg, now, i) -> seg.lenBytes() > 0 && random.nextInt(100) < 3;
    long total = 2L << 20;
    net.b.toWrite = total;
    net.b.runApp(0);
    net.send(total);
    net.runToIdle();
    assertEquals(total, net.b.conn.readBytes());
    assertEquals(total, net.a.conn.readBytes());
    int withBlocks = 0;
    for (Tx t : net.tx) {
      Segment s = t.seg();
      assertEquals(52 + Segment.sackOptionBytes(s.sackBlocks().size()), s.headerBytes());
      assertTrue(s.sackBlocks().size() <= 3);
      if (!s.sackBlocks().isEmpty() && s.lenBytes() > 0) {
        withBlocks++;
        assertTrue(s.packetBytes() <= MTU, "oversized: " + s);
        assertTrue(s.lenBytes() <= MSS - Segment.sackOptionBytes(s.sackBlocks().size()));
      }
    }
    assertTrue(withBlocks > 0, "data segments carried SACK blocks");
    assertTrue(net.a.conn.counters().sackRecoveries() > 0);
    assertTrue(net.b.conn.counters().sackRecoveries() > 0);
    System.out.printf(
        "both ways: %d data segments with blocks; timeouts A %d, B %d%n",
        withBlocks, net.a.conn.counters().timeouts(), net.b.conn.counters().timeouts());
  }

  // ---- 9. determinism and heavy loss ----

  private static List<Tx> lossyRun(TcpSettings s, long seed, int percent) {
    Net net = new Net(s, DELAY_PS, PS_PER_BYTE_10G);
    SplittableRandom random = new SplittableRandom(seed);
    net.drop = (from, seg, now, i) -> random.nextInt(100) < (from.equals("A") ? percent : 2);
    long total = 4L << 20;
    net.send(total);
    net.runToIdle();
    assertEquals(total, net.b.conn.readBytes());
    TcpCounters k = net.a.conn.counters();
    assertTrue(k.retransmittedSegments() > 0);
    if (s.sack()) {
      assertTrue(k.sackRecoveries() > 0);
      assertTrue(net.b.conn.counters().sackBlocksSent() > 0);
    } else {
      assertEquals(0, k.sackRecoveries());
      assertTrue(net.tx.stream().allMatch(t -> t.seg().sackBlocks().isEmpty()));
      assertTrue(net.tx.stream().allMatch(t -> t.seg().headerBytes() == 52));
    }
    return net.tx;
  }

  /**
   * Same inputs, same outputs, SACK blocks included: two runs with the same random losses (on both
   * directions, TSO on or off) transmit identical segments.
   */
  @ParameterizedTest(name = "{0}, sack = {1}, tso = {2}, loss {3}%")
  @CsvSource({
    "cubic, true, 0, 1",
    "cubic, true, 65536, 3",
    "newreno, true, 65536, 5",
    "newreno, false, 0, 1",
  })
  void shouldTransmitIdenticalSegmentsWhenTheSameLossyRunRepeats(
      String cc, boolean sack, int tso, int percent) {
    TcpSettings s = settings(sack, true, 10, tso, cc);
    List<Tx> first = lossyRun(s, 42, percent);
    List<Tx> second = lossyRun(s, 42, percent);
    assertEquals(first, second);
  }

  /**
   * Heavy random loss (5% of A's segments, 2% of B's ACKs) over many seeds: SACK recovery loses no
   * data, and retransmits less than NewReno, which resends SACKed data after its timeouts.
   */
  @Test
  void shouldRetransmitLessThanNewRenoUnderHeavyRandomLoss() {
    long sackRetransmits = 0;
    long renoRetransmits = 0;
    long sackTimeouts = 0;
    long renoTimeouts = 0;
    for (long seed = 1; seed <= 5; seed++) {
      for (boolean sack : new boolean[] {true, false}) {
        Net net = new Net(TcpSettings.linux(MTU).withSack(sack), DELAY_PS, PS_PER_BYTE_10G);
        SplittableRandom random = new SplittableRandom(seed);
        net.drop = (from, seg, now, i) -> random.nextInt(100) < (from.equals("A") ? 5 : 2);
        long total = 2L << 20;
        net.send(total);
        net.runToIdle();
        assertEquals(total, net.b.conn.readBytes());
        TcpCounters k = net.a.conn.counters();
        if (sack) {
          sackRetransmits += k.retransmittedSegments();
          sackTimeouts += k.timeouts();
        } else {
          renoRetransmits += k.retransmittedSegments();
          renoTimeouts += k.timeouts();
        }
      }
    }
    System.out.printf(
        "5%% loss: SACK %d retransmissions, %d timeouts; NewReno %d, %d%n",
        sackRetransmits, sackTimeouts, renoRetransmits, renoTimeouts);
    assertTrue(sackRetransmits < renoRetransmits);
    assertTrue(sackTimeouts < renoTimeouts);
  }
}
