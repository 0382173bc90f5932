package io.vioemu.host.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.fabric.ethernet.Ethernet;
import org.junit.jupiter.api.Test;

class PcieLinkTest {
  /** 8 Gb/s: one byte per nanosecond, easy to check by hand. */
  private static final long GBPS_8 = 8_000_000_000L;

  @Test
  void shouldDeriveTheGen2X8RateFromLanesEncodingAndLinkOverheads() {
    double raw = 5e9 * 8 * 8 / 10;
    double expected = raw * (1 - 8.0 / 158 - 8.0 / 158 - 4.0 / 1538);
    assertEquals(expected, PcieSettings.GEN2_X8_BITS_PER_SEC, 1e6);
  }

  @Test
  void shouldCountTlpHeadersPerMaxPayloadWhenAFrameIsWrittenToMemory() {
    PcieLink link = new PcieLink(PcieSettings.of(GBPS_8, 24));
    int data = PcieLink.dmaBytes(1500); // 1514: header and payload, no FCS
    assertEquals(1514, data);
    // 1514 bytes in 256-byte TLPs: 6 TLPs of 24 bytes overhead
    assertEquals(1514 + 6 * 24, link.writes(data));
    // 1514 bytes asked for in 512-byte requests: 3 header-only TLPs
    assertEquals(3 * 24, link.readRequests(data));
  }

  @Test
  void shouldSerializeTransfersOfAllQueuesOnTheLinkWhenTheyOverlap() {
    PcieLink link = new PcieLink(PcieSettings.of(GBPS_8, 24));
    int data = PcieLink.dmaBytes(1500);
    long upBytes = link.readRequests(16) + link.writes(data) + link.writes(16);

    long first = link.receive(1500, 0);
    long second = link.receive(1500, 0);

    assertEquals(Ethernet.serializationPs(upBytes, GBPS_8), first);
    assertEquals(2 * first, second, "the second frame waits for the first");
  }

  @Test
  void shouldCarryTransmitDataDownstreamAndReceiveDataUpstreamAtTheSameTime() {
    PcieLink link = new PcieLink(PcieSettings.of(GBPS_8, 24));

    long rx = link.receive(1500, 0);
    long tx = link.transmit(1500, 0);

    assertTrue(tx < 2 * rx, "the directions do not wait for each other: " + rx + ", " + tx);
  }

  @Test
  void shouldDropFramesWhenThoseWaitingForTheirDmaFillTheReceiveBuffer() {
    PcieLink link = new PcieLink(new PcieSettings(GBPS_8, 24, 256, 512, 3 * 1514));
    assertTrue(link.admit(1500));
    assertTrue(link.admit(1500));
    assertTrue(link.admit(1500));
    assertFalse(link.admit(1500));
    link.received(1500);
    assertTrue(link.admit(1500));
    assertEquals(1, link.rxBufferDrops());
  }
}
