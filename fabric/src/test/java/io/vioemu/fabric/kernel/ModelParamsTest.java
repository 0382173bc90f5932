package io.vioemu.fabric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known names, patterns among them, and the suggestion for a misspelt one. */
class ModelParamsTest {
  private static final Set<String> KNOWN = Set.of("hosts", "stopPs", "flow.*.startPs");

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "flow.*.startPs, flow.3.startPs, true",
    "flow.*.startPs, flow.x.startPs, true",
    "flow.*.startPs, flow..startPs, false",
    "flow.*.startPs, flow.startPs, false",
    "flow.*.startPs, flow.3.4.startPs, false",
    "flow.*.startPs, flow.3.stopPs, false",
    "flow.*.startPs, flows.3.startPs, false",
    "hosts, hosts, true",
    "hosts, host, false",
  })
  void shouldMatchOneSegmentPerStarWhenAPatternIsGiven(
      String pattern, String name, boolean expected) {
    assertEquals(expected, ModelParams.matches(pattern, name));
  }

  @Test
  void shouldAcceptNamesMatchingAPatternAndListThemInOrder() {
    ModelParams p =
        new ModelParams(
            "m", Map.of("flow.10.startPs", "5", "flow.2.startPs", "7", "hosts", "3"), KNOWN);
    assertEquals(List.of("flow.10.startPs", "flow.2.startPs"), p.namesMatching("flow.*.startPs"));
    assertEquals("10", ModelParams.star("flow.*.startPs", "flow.10.startPs"));
    assertEquals(7, p.getLong("flow.2.startPs", 0, 0, 100));
    assertTrue(p.has("hosts"));
    assertFalse(p.has("stopPs"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "hots, hosts",
    "stopps, stopPs",
    "flow.3.startps, flow.3.startPs",
    "flow.3.strtPs, flow.3.startPs",
  })
  void shouldSuggestTheClosestKnownNameWhenOneIsMisspelt(String misspelt, String suggestion) {
    ModelParameterException e =
        assertThrows(
            ModelParameterException.class,
            () -> new ModelParams("m", Map.of(misspelt, "1"), KNOWN));
    assertEquals(misspelt, e.parameter());
    assertTrue(
        e.getMessage()
            .startsWith(
                "unknown m parameter '" + misspelt + "', did you mean '" + suggestion + "'?"),
        e.getMessage());
  }

  @Test
  void shouldListTheKnownNamesWithoutASuggestionWhenNothingIsClose() {
    ModelParameterException e =
        assertThrows(
            ModelParameterException.class,
            () -> new ModelParams("m", Map.of("zzzzzzzzzz", "1"), KNOWN));
    assertEquals(
        "unknown m parameter 'zzzzzzzzzz' (known: [flow.*.startPs, hosts, stopPs])",
        e.getMessage());
    assertNull(ModelParams.closest("zzzzzzzzzz", KNOWN));
  }

  @Test
  void shouldCountEditsWhenMeasuringDistance() {
    assertEquals(0, ModelParams.editDistance("abc", "abc"));
    assertEquals(1, ModelParams.editDistance("hots", "hosts"));
    assertEquals(2, ModelParams.editDistance("ab", "ba"));
    assertEquals(3, ModelParams.editDistance("", "abc"));
  }
}
