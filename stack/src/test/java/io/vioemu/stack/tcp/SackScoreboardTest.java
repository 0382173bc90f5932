package io.vioemu.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender's scoreboard against RFC 6675's definitions, with an SMSS of 1000 bytes. */
class SackScoreboardTest {
  private static final long SMSS = 1000;

  private static SackScoreboard board(long sndMax, long... blocks) {
    SackScoreboard b = new SackScoreboard(SMSS, TcpSettings.DEFAULT_DUP_THRESH);
    sack(b, sndMax, blocks);
    return b;
  }

  private static boolean sack(SackScoreboard b, long sndMax, long... blocks) {
    List<SackBlock> list = new ArrayList<>();
    for (int i = 0; i < blocks.length; i += 2) {
      list.add(new SackBlock(blocks[i], blocks[i + 1]));
    }
    boolean news = b.addSack(list, sndMax);
    b.updateLoss(sndMax);
    return news;
  }

  /**
   * RFC 6675 section 4, IsLost: more than (DupThresh - 1) * SMSS bytes SACKed above: exactly two
   * segments' worth is not enough, one byte more is. SetPipe counts what is neither SACKed nor
   * lost, plus what was retransmitted.
   */
  @Test
  void shouldDeclareLossWhenMoreThanTwoSegmentsWorthAboveAreSacked() {
    SackScoreboard b = board(10_000, 2000, 4000);
    assertFalse(b.isLost(0));
    assertEquals(8000, b.pipe(10_000));
    assertTrue(sack(b, 10_000, 4000, 4001));
    assertFalse(sack(b, 10_000, 2500, 3000), "nothing new");
    assertTrue(b.isLost(0));
    assertTrue(b.isLost(1999));
    assertFalse(b.isLost(2000), "SACKed");
    assertFalse(b.isLost(4001), "nothing SACKed above");
    assertEquals(2000, b.lostBytes());
    assertEquals(10_000 - 2001 - 2000, b.pipe(10_000));

    assertArrayEquals(new long[] {0, 1000}, b.nextLost(10_000, 1000));
    b.markRetransmitted(0, 1000, 10_000);
    assertEquals(10_000 - 2001 - 2000 + 1000, b.pipe(10_000), "a retransmission is in flight");
    assertArrayEquals(new long[] {1000, 2000}, b.nextLost(10_000, 1500), "up to the SACKed data");
    b.markRetransmitted(1000, 2000, 10_000);
    assertNull(b.nextLost(10_000, 1000));
  }

  /** IsLost's other arm: DupThresh discontiguous SACKed blocks above, however small. */
  @Test
  void shouldDeclareLossWhenThreeDiscontiguousBlocksLieAbove() {
    SackScoreboard b = board(10_000, 5000, 5100, 6000, 6100, 7000, 7100);
    assertTrue(b.isLost(4999));
    assertTrue(b.isLost(0));
    assertFalse(b.isLost(5100), "two blocks above");
    assertEquals(5000, b.lostBytes());
  }

  /**
   * A retransmission is lost once more than two segments' worth of data sent after it is SACKed
   * (Linux's tcp_mark_lost_retrans): it leaves the pipe and is due again; a later one is not.
   */
  @Test
  void shouldFindALostRetransmissionWhenDataSentAfterItIsSacked() {
    SackScoreboard b = board(10_000, 2000, 10_000);
    b.markRetransmitted(0, 1000, 10_000); // when 10_000 bytes had been sent
    b.markRetransmitted(1000, 2000, 14_000); // after 4000 more
    sack(b, 14_000, 10_000, 12_000);
    assertTrue(b.isRetransmitted(0), "exactly two segments' worth sent after it are SACKed");
    b.addSack(List.of(new SackBlock(12_000, 12_001)), 14_000);
    assertEquals(1, b.updateLoss(14_000));
    assertFalse(b.isRetransmitted(0));
    assertTrue(b.isRetransmitted(1000), "nothing sent after it is SACKed");
    assertArrayEquals(new long[] {0, 1000}, b.nextLost(14_000, 1000), "due again");
  }

  /** RFC 6675 NextSeg rules 3 and 4: unSACKed data below the highest SACK; the rescue. */
  @Test
  void shouldOfferForwardAndRescueRetransmissions() {
    SackScoreboard b = board(10_000, 2000, 2500);
    assertFalse(b.isLost(0));
    assertArrayEquals(new long[] {0, 1000}, b.nextUnsackedBelowHighSack(1000));
    assertArrayEquals(new long[] {9000, 10_000}, b.rescue(10_000, 1000), "the highest unSACKed");
    b.markRetransmitted(9500, 10_000, 10_000);
    assertNull(b.rescue(10_000, 1000), "already on its way");
    SackScoreboard top = board(10_000, 8000, 10_000);
    assertArrayEquals(new long[] {7000, 8000}, top.rescue(10_000, 1000), "below the top SACK");
  }

  /**
   * After a timeout all unSACKed data is lost and no retransmission in flight; the SACK information
   * stays (RFC 6675 section 5.1), unless the receiver reneged (RFC 2018 section 8): an ACK that
   * stops where SACKed data starts.
   */
  @Test
  void shouldKeepSackInformationAfterTimeoutUnlessTheReceiverReneged() {
    SackScoreboard b = board(10_000, 2000, 5000);
    b.markRetransmitted(0, 1000, 10_000);
    b.onTimeout(10_000);
    assertEquals(7000, b.lostBytes());
    assertEquals(0, b.retransmittedBytes());
    assertEquals(0, b.pipe(10_000));
    assertArrayEquals(new long[] {0, 1000}, b.nextLost(10_000, 1000));
    b.markRetransmitted(0, 1000, 10_000);
    assertArrayEquals(new long[] {1000, 2000}, b.nextLost(10_000, 1000));
    b.markRetransmitted(1000, 2000, 10_000);
    assertArrayEquals(new long[] {5000, 6000}, b.nextLost(10_000, 1000), "SACKed data skipped");

    SackScoreboard r = board(10_000, 2000, 5000);
    r.advance(2000); // the receiver acknowledges up to data it had SACKed, not beyond
    r.updateLoss(10_000);
    r.onTimeout(10_000);
    assertEquals(0, r.sackedBytes());
    assertEquals(8000, r.lostBytes());
    assertArrayEquals(new long[] {2000, 3000}, r.nextLost(10_000, 1000));
  }
}
