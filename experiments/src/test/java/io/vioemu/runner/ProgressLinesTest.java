package io.vioemu.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.runner.ProgressLines.Point;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain progress lines and the ETA, as functions of simulated time, wall time and point. */
class ProgressLinesTest {
  private static final long SECOND_NS = 1_000_000_000L;
  private static final long MS_PS = 1_000_000_000L;

  @Test
  void shouldShowSimulatedTimeWallTimeAndEtaWhenASingleRunIsAQuarterDone() {
    String line =
        ProgressLines.running(Point.single(), 12_500 * MS_PS / 1000, 50 * MS_PS, 5 * SECOND_NS);
    assertEquals("simulated 12.5 ms of 50.0 ms (25%), 5.0 s wall, ETA 15.0 s", line);
  }

  @Test
  void shouldNameThePointAndCountEarlierPointsInTheEtaWhenInASweep() {
    // point 3 of 4, half done: 2.5 of 4 points in 10 s, so 1.5 points to go take 6 s
    Point p = new Point(2, 4, "messageBytes=128 io.iommu=off");
    String line = ProgressLines.running(p, 2_500_000_000L, 5 * MS_PS, 10 * SECOND_NS);
    assertEquals(
        "point 3/4 messageBytes=128 io.iommu=off: simulated 2.50 ms of 5.00 ms (50%),"
            + " 10.0 s wall, ETA 6.0 s",
        line);
  }

  @Test
  void shouldSayTheEtaIsUnknownWhenNothingIsSimulatedYet() {
    String line = ProgressLines.running(Point.single(), 0, 200 * MS_PS, 3 * SECOND_NS);
    assertEquals("simulated 0 ms of 200 ms (0%), 3.0 s wall, ETA ?", line);
  }

  @Test
  void shouldGiveTheSweepsEtaWhenAPointIsDone() {
    Point p = new Point(4, 18, "messageBytes=256 io.iommu=off");
    // 5 of 18 points in 25 s: 13 to go at 5 s each
    assertEquals(
        "point 5/18 messageBytes=256 io.iommu=off: 0.12 s (25.0 s wall so far, ETA 1 min 05 s)",
        ProgressLines.pointDone(p, 120_000_000L, 25 * SECOND_NS));
  }

  @Test
  void shouldGiveTheTotalInsteadOfAnEtaWhenTheLastPointIsDone() {
    assertEquals(
        "point 2/2 seed=8: 1.50 s (3.0 s wall in all)",
        ProgressLines.pointDone(new Point(1, 2, "seed=8"), 1_500_000_000L, 3 * SECOND_NS));
  }

  @ParameterizedTest(name = "{0} done after {1} ns")
  @CsvSource({
    "0.25, 1000, 3000",
    "0.5, 7000, 7000",
    "0.8, 8000, 2000",
    "1.0, 5000, 0",
  })
  void shouldExtrapolateThePaceSoFarWhenEstimatingTheRest(
      double done, long elapsedNanos, long expected) {
    assertEquals(OptionalLong.of(expected), ProgressLines.etaNanos(done, elapsedNanos));
  }

  @Test
  void shouldHaveNoEtaWhenNothingIsDone() {
    assertFalse(ProgressLines.etaNanos(0, 5 * SECOND_NS).isPresent());
  }

  @Test
  void shouldCountEachPointAsAnEqualShareWhenComputingTheFractionDone() {
    Point third = new Point(2, 4, "x=1");
    assertEquals(0.5, ProgressLines.fractionDone(third, 0, 100), 1e-12);
    assertEquals(0.625, ProgressLines.fractionDone(third, 50, 100), 1e-12);
    assertEquals(0.75, ProgressLines.fractionDone(third, 500, 100), 1e-12, "capped at the end");
    assertEquals(0.25, ProgressLines.fractionDone(Point.single(), 25, 100), 1e-12);
  }

  @ParameterizedTest(name = "{0} ps of {1} ps")
  @CsvSource({
    "0, 5000000, 0.00 us",
    "2500000, 5000000, 2.50 us",
    "12345678901234, 50000000000000, 12.3 s",
    "500, 1000, 0.50 ns",
    "7, 900, 7 ps",
    "150000000000, 200000000000, 150 ms",
  })
  void shouldUseTheEndTimesUnitWhenFormattingSimulatedTime(long ps, long endPs, String expected) {
    assertEquals(expected, ProgressLines.simTime(ps, endPs));
  }

  @ParameterizedTest(name = "{0} ns")
  @CsvSource({
    "0, 0.0 s",
    "59949000000, 59.9 s",
    "65000000000, 1 min 05 s",
    "3599000000000, 59 min 59 s",
    "4020000000000, 1 h 07 min",
  })
  void shouldFormatWallTimeForPeopleWhenItGrows(long nanos, String expected) {
    assertEquals(expected, ProgressLines.wallTime(nanos));
  }

  @Test
  void shouldLeaveThePointOutWhenTheRunIsNotASweep() {
    assertFalse(Point.single().inSweep());
    assertTrue(new Point(0, 1, "seed=3").inSweep(), "a one-point sweep still names its point");
  }
}
