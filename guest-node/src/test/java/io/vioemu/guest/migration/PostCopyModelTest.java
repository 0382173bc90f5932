package io.vioemu.guest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vioemu.host.virt.MigrationCosts;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PostCopyModelTest {
  private static final long PS_PER_BYTE = 1000;
  private static final long PAGE_PS = (4096 + 8) * PS_PER_BYTE;
  private static final MigrationCosts COSTS =
      new MigrationCosts(3000, 1000, 800, 20_000, 5_000_000, 40_000_000, 0, 0, 0, 0);
  private static final MigrationSettings SETTINGS = new MigrationSettings(1, 0, 0, 0, 64, COSTS);

  private static PostCopyResults migrate(PostCopyModel model, FakeStream stream) {
    stream.model = model;
    model.start(0);
    stream.runToEnd();
    return model.results();
  }

  @Test
  void shouldResumeAfterTheStateAndPushEveryPageWhenTheVmTouchesNothing() {
    FakeStream stream = new FakeStream(PS_PER_BYTE);
    PostCopyModel model =
        new PostCopyModel(640, 0, 0, 0, new SplittableRandom(1), SETTINGS, stream);
    PostCopyResults r = migrate(model, stream);
    long statePs = COSTS.deviceStateBytes() * PS_PER_BYTE;
    assertEquals(statePs + COSTS.resumePs(), r.downtimePs());
    assertEquals(statePs + 640 * PAGE_PS, r.totalPs());
    assertEquals(0, r.faults());
    assertEquals(640, r.pushedPages());
    assertEquals(0, stream.pausedAtPs);
    assertEquals(statePs + COSTS.resumePs(), stream.resumedAtPs);
  }

  @Test
  void shouldStallOnAMissingPageUntilItIsFetchedAheadOfThePush() {
    FakeStream stream = new FakeStream(PS_PER_BYTE);
    // one hot page, the last, touched every microsecond from the resume on
    PostCopyModel model =
        new PostCopyModel(640, 639, 1, 1_000_000, new SplittableRandom(1), SETTINGS, stream);
    PostCopyResults r = migrate(model, stream);
    long statePs = COSTS.deviceStateBytes() * PS_PER_BYTE;
    long faultPs = statePs + COSTS.resumePs() + 1_000_000;
    long firstChunkPs = statePs + 64 * PAGE_PS;
    long pageArrivesPs = firstChunkPs + PAGE_PS;
    assertEquals(1, r.faults());
    assertEquals(1, r.demandedPages());
    assertEquals(639, r.pushedPages());
    assertEquals(pageArrivesPs + COSTS.faultServicePs() - faultPs, r.stalledPs());
    assertEquals(statePs + 640 * PAGE_PS, r.totalPs(), "the stream never idles");
  }

  @Test
  void shouldEndAFaultWithTheChunkInFlightWhenThePageIsInIt() {
    FakeStream stream = new FakeStream(PS_PER_BYTE);
    PostCopyModel model =
        new PostCopyModel(640, 10, 1, 1_000_000, new SplittableRandom(1), SETTINGS, stream);
    PostCopyResults r = migrate(model, stream);
    long statePs = COSTS.deviceStateBytes() * PS_PER_BYTE;
    long faultPs = statePs + COSTS.resumePs() + 1_000_000;
    assertEquals(1, r.faults());
    assertEquals(0, r.demandedPages(), "page 10 came with the first chunk");
    assertEquals(statePs + 64 * PAGE_PS + COSTS.faultServicePs() - faultPs, r.stalledPs());
  }
}
