package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** settings.json and run.json as the runner writes them. */
class RunInfoTest {
  private static RunInfo info(long seed, int jvms, List<String> sets, int points) {
    return new RunInfo(seed, jvms, sets, "contiguous", points, 46_000_000, 878_000_000, 1_631_813);
  }

  @Test
  void shouldQuoteSetArgumentsWhenTheyHoldJsonSpecialCharacters() {
    assertEquals(
        "{\"seed\":-3,\"jvms\":2,\"set\":[\"description=say \\\"hi\\\"\",\"a=b\\\\c\"]}\n",
        info(-3, 2, List.of("description=say \"hi\"", "a=b\\c"), 0).settingsJson());
    assertEquals("{\"seed\":1,\"jvms\":1,\"set\":[]}\n", info(1, 1, List.of(), 0).settingsJson());
  }

  @Test
  void shouldListPointsOnlyWhenTheRunIsASweep() {
    assertEquals(
        "{\"jvms\":1,\"placement\":\"contiguous\",\"setupSeconds\":0.046,\"wallSeconds\":0.878,"
            + "\"eventsPerSecond\":1858557}\n",
        info(1, 1, List.of(), 0).runJson());
    assertEquals(
        "{\"jvms\":1,\"placement\":\"contiguous\",\"points\":4,\"setupSeconds\":0.046,"
            + "\"wallSeconds\":0.878,\"eventsPerSecond\":1858557}\n",
        info(1, 1, List.of(), 4).runJson());
  }
}
