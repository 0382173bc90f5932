package io.vioemu.fabric.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchModelTest {
  private static final long A = 0xA;
  private static final long B = 0xB;
  private static final long C = 0xC;

  /** Records on which ports frames leave; forwarding latency 0 so decisions are immediate. */
  private final List<Integer> sentOn = new ArrayList<>();

  private final SwitchModel sw =
      new SwitchModel(
          new SwitchSettings(Collections.nCopies(3, LinkSettings.tenGig()), 1 << 20, 0),
          new SwitchPorts() {
            @Override
            public long randomBelow(long bound) {
              throw new AssertionError("a switch without jitter draws nothing");
            }

            @Override
            public void transmit(int port, Frame frame, long arrivalPs) {
              sentOn.add(port);
            }

            @Override
            public void wakeAt(int port, long atPs) {}

            @Override
            public void forwardAt(int ingressPort, Frame frame, long atPs) {
              throw new AssertionError("no forwarding latency configured");
            }
          });

  private List<Integer> send(int ingress, long src, long dst, long nowPs) {
    sentOn.clear();
    sw.onFrame(ingress, new Frame(src, dst, 100, 0, 0, null), nowPs);
    return List.copyOf(sentOn);
  }

  @Test
  void shouldFloodThenForwardWhenDestinationIsLearned() {
    assertEquals(List.of(1, 2), send(0, A, B, 0), "unknown B: flood all but the ingress");
    assertEquals(List.of(0), send(2, B, A, 10_000_000), "A was learned on port 0");
    assertEquals(List.of(2), send(0, A, B, 20_000_000), "B was learned on port 2");
    assertEquals(1, sw.floodedFrames());
    assertEquals(2, ((LearningTable) sw.table()).portOf(B));
  }

  @Test
  void shouldFloodBroadcastAndFilterLocalTraffic() {
    send(1, C, Frame.BROADCAST, 0);
    assertEquals(List.of(1, 2), send(0, A, Frame.BROADCAST, 10_000_000));
    assertEquals(List.of(), send(0, B, A, 20_000_000), "A sits behind the port B came in on");
    assertEquals(1, sw.filteredFrames());
  }
}
