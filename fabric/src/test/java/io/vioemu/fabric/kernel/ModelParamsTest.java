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
  private static final ParamSpec HOSTS = ParamSpec.integer("hosts", 2, 2, 64, "Hosts.");
  private static final ParamSpec STOP = ParamSpec.duration("stopPs", 9, 0, 100, "Stop.");
  private static final ParamSpec FLOW_START =
      ParamSpec.duration("flow.*.startPs", 0, 0, 100, "A flow's start.");
  private static final ParamSpec MODE =
      ParamSpec.choice("mode", "fast", List.of("fast", "slow"), "Mode.");
  private static final List<ParamSpec> SPECS = List.of(HOSTS, STOP, FLOW_START);
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
            "m", Map.of("flow.10.startPs", "5", "flow.2.startPs", "7", "hosts", "3"), SPECS);
    assertEquals(List.of("flow.10.startPs", "flow.2.startPs"), p.namesMatching(FLOW_START));
    assertEquals("10", ModelParams.star("flow.*.startPs", "flow.10.startPs"));
    assertEquals(7, p.getLong(FLOW_START, "flow.2.startPs"));
    assertTrue(p.has(HOSTS));
    assertFalse(p.has(STOP));
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
            () -> new ModelParams("m", Map.of(misspelt, "1"), SPECS));
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
            () -> new ModelParams("m", Map.of("zzzzzzzzzz", "1"), SPECS));
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

  @Test
  void shouldTakeTheDeclaredDefaultWhenAParameterIsAbsent() {
    ModelParams p = new ModelParams("m", Map.of(), List.of(HOSTS, STOP, MODE));
    assertEquals(2, p.getInt(HOSTS));
    assertEquals(9, p.getLong(STOP));
    assertEquals("fast", p.getChoice(MODE));
  }

  @Test
  void shouldRefuseAValueWhenItIsOutsideTheDeclaredRange() {
    ModelParams p = new ModelParams("m", Map.of("hosts", "65"), SPECS);
    ModelParameterException e = assertThrows(ModelParameterException.class, () -> p.getInt(HOSTS));
    assertEquals("hosts must be within 2..64, was 65", e.getMessage());
    ModelParameterException narrowed =
        assertThrows(ModelParameterException.class, () -> p.getInt(HOSTS.within(0, 4)));
    assertEquals("hosts must be within 2..4, was 65", narrowed.getMessage());
  }

  @Test
  void shouldRefuseAChoiceWhenTheDeclarationDoesNotListIt() {
    ModelParams p = new ModelParams("m", Map.of("mode", "slwo"), List.of(MODE));
    ModelParameterException e =
        assertThrows(ModelParameterException.class, () -> p.getChoice(MODE));
    assertEquals("mode must be one of [fast, slow], was 'slwo'", e.getMessage());
  }

  @Test
  void shouldRefuseAReadWhenTheDefaultIsComputedButNotGiven() {
    ParamSpec computed = HOSTS.computedDefault("the number of racks");
    ModelParams p = new ModelParams("m", Map.of(), List.of(computed));
    assertThrows(IllegalStateException.class, () -> p.getInt(computed));
    assertEquals(5, p.getInt(computed, 5));
  }
}
