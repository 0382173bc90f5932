package io.vioemu.host.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CoreModelTest {

  @Test
  void shouldQueueWorkAndAccountItPerComponentWhenCoreIsBusy() {
    CoreModel core = new CoreModel(2_000_000_000L); // 500 ps per cycle
    assertEquals(500_000, core.run(1_000, Component.STACK, 0));
    // submitted at 100 ns while busy: starts at 500 ns
    assertEquals(1_500_000, core.run(2_000, Component.SOCKET, 100_000));
    // submitted after the core went idle: starts at once
    assertEquals(2_050_000, core.run(100, Component.DRIVER, 2_000_000));
    assertEquals(500_000, core.busyPs(Component.STACK));
    assertEquals(1_000_000, core.busyPs(Component.SOCKET));
    assertEquals(1_550_000, core.totalBusyPs());
  }

  @Test
  void shouldRoundCyclesUpToWholePicosecondsWhenClockIsNotARoundNumber() {
    assertEquals(334, new CoreModel(3_000_000_000L).cyclesToPs(1));
    assertEquals(1_000, new CoreModel(3_000_000_000L).cyclesToPs(3));
  }

  @Test
  void shouldRejectZeroClockAndNegativeWork() {
    assertThrows(IllegalArgumentException.class, () -> new CoreModel(0));
    assertThrows(
        IllegalArgumentException.class, () -> new CoreModel(1).run(-1, Component.STACK, 0));
  }
}
