package io.vioemu.guest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.virt.MigrationCosts;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreCopyModelTest {
  /* 8 Gb/s: one byte a nanosecond, so that every expected time is an exact integer. */
  private static final long PS_PER_BYTE = 1000;
  private static final long LINK_BITS_PER_SEC = 8_000_000_000L;
  private static final int PAGE_ON_STREAM = 4096 + 8;
  private static final MigrationCosts COSTS =
      new MigrationCosts(3000, 1000, 800, 20_000, 5_000_000, 40_000_000, 0, 0, 0, 0);

  private static MigrationSettings settings(int maxRounds, long stopPages, long limitBitsPerSec) {
    return new MigrationSettings(maxRounds, stopPages, 0, limitBitsPerSec, 64, COSTS);
  }

  private static MigrationResults migrate(
      GuestMemory memory, DirtyingProcess dirtying, MigrationSettings settings, long startPs) {
    FakeStream stream = new FakeStream(PS_PER_BYTE);
    PreCopyModel model = new PreCopyModel(memory, dirtying, settings, stream);
    stream.model = model;
    model.start(startPs);
    stream.runToEnd();
    MigrationResults r = model.results();
    assertEquals(stream.pausedAtPs, r.pausedPs());
    assertEquals(stream.resumedAtPs, r.resumedPs());
    return r;
  }

  private static DirtyingProcess idle() {
    return new DirtyingProcess(0, 0, 0, 0, new SplittableRandom(1));
  }

  @Test
  void shouldCopyOnceThenStopAndCopyTheDeviceStateWhenTheVmIsIdle() {
    int pages = 1000;
    MigrationResults r = migrate(new GuestMemory(pages), idle(), settings(30, 0, 0), 7_000);
    long firstRoundPs = (long) pages * PAGE_ON_STREAM * PS_PER_BYTE;
    long stopCopyPs = COSTS.deviceStateBytes() * PS_PER_BYTE;
    assertEquals(2, r.rounds().size(), "one round, then stop-and-copy");
    assertEquals(pages, r.rounds().get(0).pages());
    assertEquals(0, r.rounds().get(1).pages());
    assertEquals(firstRoundPs + stopCopyPs + COSTS.resumePs(), r.totalPs());
    assertEquals(stopCopyPs + COSTS.resumePs(), r.downtimePs());
    assertTrue(r.converged());
    assertEquals(0, r.stalePages());
    assertEquals(pages * COSTS.sendCyclesPerPage(), r.sourceCycles());
    assertEquals(pages * COSTS.receiveCyclesPerPage(), r.destinationCycles());
  }

  @Test
  void shouldStopAfterMaxRoundsWithTheWholeWorkingSetLeftWhenDirtyingOutrunsTheLink() {
    int pages = 2000;
    int workingSet = 300;
    // Far above the link's page rate (8e9 / 8 / 4104 = ~243,700 pages/s): every page of the set
    // is dirty again at the end of every round.
    long writesPerSec = 1_000_000_000L;
    SplittableRandom random = new SplittableRandom(42);
    DirtyingProcess dirtying = new DirtyingProcess(100, workingSet, writesPerSec, 0, random);
    MigrationResults r = migrate(new GuestMemory(pages), dirtying, settings(5, 10, 0), 0);
    assertFalse(r.converged());
    assertEquals(6, r.rounds().size(), "5 rounds, then stop-and-copy");
    for (int k = 1; k < 6; k++) {
      assertEquals(workingSet, r.rounds().get(k).pages(), "round " + (k + 1));
    }
    long stopCopyPs = ((long) workingSet * PAGE_ON_STREAM + COSTS.deviceStateBytes()) * PS_PER_BYTE;
    assertEquals(stopCopyPs + COSTS.resumePs(), r.downtimePs());
    assertEquals(r.dirtyLogFaults() * COSTS.dirtyLogCyclesPerWrite(), r.vcpuCycles());
    assertEquals(
        5L * workingSet, r.dirtyLogFaults(), "one fault per page per round after the first");
  }

  @Test
  void shouldPaceEveryRoundAtTheRateLimitWhenItIsBelowTheLink() {
    int pages = 640;
    long limit = LINK_BITS_PER_SEC / 4;
    MigrationResults r = migrate(new GuestMemory(pages), idle(), settings(30, 0, limit), 0);
    // Chunks of 64 pages leave every 4 link-times; the last chunk ends one link-time after it
    // leaves.
    long chunkLinkPs = 64L * PAGE_ON_STREAM * PS_PER_BYTE;
    long chunks = pages / 64;
    assertEquals((chunks - 1) * 4 * chunkLinkPs + chunkLinkPs, r.rounds().get(0).durationPs());
  }

  @Test
  void shouldReportStalePagesWhenAPassThroughDeviceWritesBehindTheLog() {
    GuestMemory memory = new GuestMemory(64);
    FakeStream stream = new FakeStream(PS_PER_BYTE);
    PreCopyModel model = new PreCopyModel(memory, idle(), settings(30, 0, 0), stream);
    stream.model = model;
    model.start(0);
    memory.deviceWrite(3, false);
    memory.deviceWrite(4, false);
    memory.deviceWrite(5, true);
    stream.runToEnd();
    MigrationResults r = model.results();
    assertEquals(2, r.stalePages(), "pages 3 and 4 were written after their copy, unseen");
    assertEquals(1, r.rounds().get(1).pages(), "page 5 was logged and copied again");
  }

  @Test
  void shouldRepairAnUnseenWriteWhenTheVcpuDirtiesThePageToo() {
    GuestMemory memory = new GuestMemory(16);
    memory.startLogging();
    memory.takeDirty();
    memory.deviceWrite(7, false);
    memory.cpuWrite(7);
    memory.takeDirty();
    assertEquals(0, memory.stalePages());
  }

  @Test
  void shouldStopAtTheDowntimeLimitWhenTheRestFitsIt() {
    int pages = 4000;
    SplittableRandom random = new SplittableRandom(7);
    // about 20,000 writes/s over a 50-page set: the set is dirty at the end of each round
    DirtyingProcess dirtying = new DirtyingProcess(0, 50, 20_000, 0, random);
    long fiftyPagesPs = 50L * PAGE_ON_STREAM * PS_PER_BYTE;
    MigrationSettings s = new MigrationSettings(30, 0, fiftyPagesPs, 0, 64, COSTS);
    MigrationResults r = migrate(new GuestMemory(pages), dirtying, s, 0);
    assertTrue(r.converged());
    assertEquals(2, r.rounds().size(), "the first round leaves at most 50 pages: stop at once");
  }

  @Test
  void shouldComputeSerializationExactlyWhenProductsPassLongRange() {
    assertEquals(1_000_000_000_000L, RateLimit.serializationPs(1_250_000_000L, 10_000_000_000L));
    assertEquals(1, RateLimit.serializationPs(1, 10_000_000_000_000L));
  }
}
