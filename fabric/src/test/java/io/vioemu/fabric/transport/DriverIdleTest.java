package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

class DriverIdleTest {

  /** Counts the calls the driver's strategy passes on to its eager strategy. */
  private static final class CountingIdle implements IdleStrategy {
    int idles;

    @Override
    public void idle(int workCount) {
      idles++;
    }

    @Override
    public void idle() {
      idles++;
    }

    @Override
    public void reset() {}
  }

  @Test
  void shouldBackOffEagerlyOnlyWhileSomeRouteGoesOverUdp() {
    CountingIdle eager = new CountingIdle();
    DriverIdle idle = new DriverIdle(eager);
    idle.idle(0);
    assertEquals(0, eager.idles, "IPC only: one long park, no back-off");
    idle.udpRouteOpened();
    idle.udpRouteOpened();
    idle.idle(0);
    idle.idle();
    assertEquals(2, eager.idles);
    idle.udpRouteClosed();
    idle.idle(0);
    assertEquals(3, eager.idles, "one UDP route is still open");
    idle.udpRouteClosed();
    idle.idle(0);
    assertEquals(3, eager.idles);
  }
}
