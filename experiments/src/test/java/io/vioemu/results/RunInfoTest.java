package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vioemu.fabric.runtime.ExchangeFigures;
import io.vioemu.fabric.runtime.RejectedDatagrams;
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

  private static final String EXCHANGE_NONE =
      "\"windows\":0,\"exchange\":{\"barriers\":0,\"meanWaitNs\":0,\"p50WaitNs\":0,"
          + "\"p99WaitNs\":0,\"batchesSent\":0,\"eventsSent\":0,\"bytesSent\":0},"
          + "\"rejectedDatagrams\":{\"malformed\":0,\"wrongRun\":0,\"badMac\":0,\"replayed\":0,"
          + "\"notAeron\":0}}\n";

  @Test
  void shouldListPointsOnlyWhenTheRunIsASweep() {
    assertEquals(
        "{\"jvms\":1,\"partitions\":1,\"workers\":1,\"placement\":\"contiguous\","
            + "\"setupSeconds\":0.046,\"wallSeconds\":0.878,\"eventsPerSecond\":1858557,"
            + EXCHANGE_NONE,
        info(1, 1, List.of(), 0).runJson());
    assertEquals(
        "{\"jvms\":1,\"partitions\":1,\"workers\":1,\"placement\":\"contiguous\","
            + "\"points\":4,\"setupSeconds\":0.046,\"wallSeconds\":0.878,"
            + "\"eventsPerSecond\":1858557,"
            + EXCHANGE_NONE,
        info(1, 1, List.of(), 4).runJson());
  }

  @Test
  void shouldRecordPartitionsWindowsAndExchangeWhenSeveralPartitionsRan() {
    RunInfo info =
        new RunInfo(
            1,
            2,
            List.of(),
            "contiguous",
            0,
            46_000_000,
            878_000_000,
            1_631_813,
            2,
            3,
            1_999,
            new ExchangeFigures(
                7_996,
                1_234.4,
                900,
                40_000,
                7_996,
                819_420,
                16_866_800,
                new RejectedDatagrams(1, 0, 5, 2, 7)));
    assertEquals(
        "{\"jvms\":2,\"partitions\":4,\"workers\":3,\"placement\":\"contiguous\","
            + "\"setupSeconds\":0.046,\"wallSeconds\":0.878,\"eventsPerSecond\":1858557,"
            + "\"windows\":1999,\"exchange\":{\"barriers\":7996,\"meanWaitNs\":1234,"
            + "\"p50WaitNs\":900,\"p99WaitNs\":40000,\"batchesSent\":7996,"
            + "\"eventsSent\":819420,\"bytesSent\":16866800},"
            + "\"rejectedDatagrams\":{\"malformed\":1,\"wrongRun\":0,\"badMac\":5,"
            + "\"replayed\":2,\"notAeron\":7}}\n",
        info.runJson());
  }
}
