package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxPortModelTest {
  private final List<Long> arrivals = new ArrayList<>();
  private final List<Long> wakes = new ArrayList<>();
  private final TxPortPorts recorder =
      new TxPortPorts() {
        @Override
        public void transmit(Frame frame, long arrivalPs) {
          arrivals.add(arrivalPs);
        }

        @Override
        public void wakeAt(long atPs) {
          wakes.add(atPs);
        }
      };

  private static Frame frame(int payload) {
    return new Frame(1, 2, payload, 1, 0, null);
  }

  @Test
  void shouldSendBackToBackWhenFramesWait() {
    LinkSettings link = LinkSettings.tenGig();
    TxPortModel port = new TxPortModel(link, 10_000, recorder);
    port.enqueue(frame(1500), 0);
    port.enqueue(frame(1500), 0);
    assertEquals(List.of(1_230_400L), wakes);
    port.onTransmitterFree(1_230_400);
    // last bit: 1526 bytes (no gap) after the start, plus 1 µs of propagation
    assertEquals(List.of(1526 * 800L + 1_000_000, 1_230_400L + 1526 * 800L + 1_000_000), arrivals);
    assertEquals(0, port.queuedFrames());
  }

  @Test
  void shouldDropTailWhenBufferIsFull() {
    TxPortModel port = new TxPortModel(LinkSettings.tenGig(), 2 * 1518, recorder);
    for (int i = 0; i < 5; i++) {
      port.enqueue(frame(1500), 0);
    }
    // one on the wire, two in the buffer, two dropped
    assertEquals(1, port.counters().txFrames());
    assertEquals(2, port.queuedFrames());
    assertEquals(2, port.counters().drops());
    assertEquals(2 * 1518, port.counters().dropBytes());
    assertEquals(2 * 1518, port.counters().maxQueuedBytes());
  }

  @Test
  void shouldDropFrameWhenPayloadExceedsMtu() {
    TxPortModel port = new TxPortModel(LinkSettings.tenGig(), 100_000, recorder);
    port.enqueue(frame(1501), 0);
    assertEquals(1, port.counters().oversizeDrops());
    assertEquals(0, port.counters().txFrames());
  }
}
