package io.vioemu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ParamValuesTest {
  @Test
  void shouldSpellOneNumberOneWayWhenWrittenWithDigitGroupsExponentOrZeros() {
    String canonical = ParamValues.normalize("1000");
    assertEquals("1000", canonical);
    for (String same :
        new String[] {"1_000", "1e3", "1000.0", "+1000", " 1000 ", "0x3e8", "1E+3"}) {
      assertEquals(canonical, ParamValues.normalize(same), same);
    }
  }

  @Test
  void shouldKeepFractionsAndNegativesExactWhenNormalizing() {
    assertEquals("0.55", ParamValues.normalize("0.550"));
    assertEquals("-3", ParamValues.normalize("-3.0"));
    assertEquals("65536", ParamValues.normalize("65_536"));
  }

  @Test
  void shouldLeaveWordsAloneWhenTheyAreNotNumbers() {
    assertEquals("strict", ParamValues.normalize("strict"));
    assertEquals("bare-metal", ParamValues.normalize(" bare-metal"));
    assertEquals("fa_ce", ParamValues.normalize("fa_ce"));
    assertEquals("1_000_x", ParamValues.normalize("1_000_x"));
    assertTrue(ParamValues.number("off").isEmpty());
  }

  @Test
  void shouldParseNumbersWithDigitGroupsWhenAsked() {
    assertEquals(
        0, new BigDecimal("5000000000").compareTo(ParamValues.number("5_000_000_000").get()));
    assertTrue(ParamValues.number("1e9999").isEmpty(), "huge exponents are not numbers here");
  }
}
