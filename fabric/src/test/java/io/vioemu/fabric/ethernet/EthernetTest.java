package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EthernetTest {
  private static final long TEN_GIG = 10_000_000_000L;

  @Test
  void shouldSizeFramesLikeTheWireWhenPayloadIsSmallOrFull() {
    assertEquals(64, Ethernet.frameBytes(0));
    assertEquals(64, Ethernet.frameBytes(46));
    assertEquals(84, Ethernet.wireBytes(46));
    assertEquals(1518, Ethernet.frameBytes(1500));
    assertEquals(1538, Ethernet.wireBytes(1500));
  }

  @Test
  void shouldTakeExactPicosecondsWhenSerializingAtCommonRates() {
    assertEquals(800, Ethernet.serializationPs(1, TEN_GIG));
    assertEquals(1_230_400, Ethernet.serializationPs(1538, TEN_GIG));
    assertEquals(8_000, Ethernet.serializationPs(1, 1_000_000_000L));
    assertEquals(80, Ethernet.serializationPs(1, 100_000_000_000L));
    // 3 bits' worth at 3 Gb/s is not a whole number of ps per byte: rounded up, never down.
    assertEquals(2_667, Ethernet.serializationPs(1, 3_000_000_000L));
  }

  @Test
  void shouldGiveMinimalFrameLatencyAsLookaheadWhenAskedForLinkMinimum() {
    LinkSettings link = LinkSettings.tenGig();
    // 72 bytes from preamble to FCS at 800 ps/byte, plus 1 µs of propagation.
    assertEquals(1_000_000 + 72 * 800, link.minLatencyPs());
    assertEquals(84 * 800, link.busyPs(46));
  }

  @Test
  void shouldRejectZeroRateAndBadMtuWhenValidating() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(0, 1_000, 1500));
    assertTrue(e.getMessage().contains("link rate must be > 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LinkSettings(TEN_GIG, -1, 1500));
    assertThrows(IllegalArgumentException.class, () -> new LinkSettings(TEN_GIG, 0, 9001));
  }

  @Test
  void shouldRestoreFrameWhenCodecRoundTripsIt() {
    FrameCodec codec = new FrameCodec();
    Frame f = new Frame(0, 0, 0, 0, 0, null);
    assertEquals(f, codec.decode(FabricEvents.FRAME, codec.encode(FabricEvents.FRAME, f)));
    Frame g = new Frame(Frame.BROADCAST, 0x0200_0000_0001L, 1500, -9, 1L << 40, null);
    assertEquals(g, codec.decode(FabricEvents.FRAME, codec.encode(FabricEvents.FRAME, g)));
    assertThrows(
        IllegalArgumentException.class,
        () -> codec.encode(FabricEvents.FRAME, new Frame(1, 2, 3, 4, 5, "tcp segment")));
  }
}
