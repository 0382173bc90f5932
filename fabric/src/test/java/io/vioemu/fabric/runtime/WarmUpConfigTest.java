package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class WarmUpConfigTest {
  private static WarmUp of(String value) {
    return WarmUp.fromConfig(ConfigFactory.parseString("w = \"" + value + "\""), "w");
  }

  @Test
  void shouldWarmUpOnlyRunsOfSeveralPartitionsWhenAuto() {
    assertEquals(0, of("auto").nanosFor(1));
    assertEquals(500_000_000L, of("auto").nanosFor(2));
  }

  @Test
  void shouldTakeAFixedBudgetOrNoneWhenGivenOne() {
    assertEquals(300_000_000L, of("300ms").nanosFor(1));
    assertEquals(0, of("off").nanosFor(4));
  }

  @Test
  void shouldRefuseAValueThatIsNeitherWhenParsed() {
    assertThrows(IllegalArgumentException.class, () -> of("soon"));
  }
}
