package io.vioemu.fabric.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class FrameMacTest {

  private static Random seeded(TestInfo info) {
    long seed = System.nanoTime();
    System.out.println(info.getDisplayName() + " seed=" + seed);
    return new Random(seed);
  }

  @Test
  void shouldEqualTheJdkHmacSha256WhenGivenTheSameBytes(TestInfo info) throws Exception {
    Random random = seeded(info);
    for (int round = 0; round < 200; round++) {
      byte[] key = new byte[1 + random.nextInt(64)];
      random.nextBytes(key);
      byte[] data = new byte[random.nextInt(3000)];
      random.nextBytes(data);
      int offset = data.length == 0 ? 0 : random.nextInt(data.length);
      int length = data.length - offset;
      int to = random.nextInt();

      byte[] mine = new byte[FrameMac.LENGTH_BYTES];
      new FrameMac(key).compute(data, offset, length, to, mine, 0);

      Mac jdk = Mac.getInstance("HmacSHA256");
      jdk.init(new SecretKeySpec(key, "HmacSHA256"));
      jdk.update(data, offset, length);
      jdk.update(new byte[] {(byte) to, (byte) (to >>> 8), (byte) (to >>> 16), (byte) (to >>> 24)});
      assertArrayEquals(jdk.doFinal(), mine, "round " + round);
    }
  }

  @Test
  void shouldRejectABatchWhenAnyOneByteIsFlipped(TestInfo info) {
    Random random = seeded(info);
    FabricKey key = FabricKey.random();
    byte[] body = Batches.random(random, 1, 3, 40, 32).toByteArray();
    byte[] frame = AeronFabricTransportTest.frame(key, 0, body);
    int macOffset = frame.length - FrameMac.LENGTH_BYTES;
    FrameMac mac = key.newMac();
    assertTrue(mac.verify(frame, 0, macOffset, 0, frame, macOffset), "the authentic frame");
    for (int i = 0; i < frame.length; i++) {
      byte[] altered = frame.clone();
      altered[i] ^= (byte) (1 + random.nextInt(255));
      assertFalse(
          mac.verify(altered, 0, macOffset, 0, altered, macOffset), "byte " + i + " flipped");
    }
    assertFalse(mac.verify(frame, 0, macOffset, 1, frame, macOffset), "sent to another partition");
    assertFalse(
        FabricKey.random().newMac().verify(frame, 0, macOffset, 0, frame, macOffset),
        "under another run's key");
  }

  @Test
  void shouldDeriveDifferentRunTagsWhenKeysDiffer() {
    FabricKey k = FabricKey.random();
    assertNotEquals(k.runTag(), FabricKey.random().runTag());
    assertArrayEquals(
        new long[] {k.runTag()}, new long[] {FabricKey.of(k.bytes()).runTag()}, "same key");
  }

  /** The MAC runs once per batch on a partition's thread: it must not allocate. */
  @Test
  void shouldNotAllocateWhenComputingAndVerifyingMacs(TestInfo info) {
    Random random = seeded(info);
    byte[] frame = new byte[1500];
    random.nextBytes(frame);
    FrameMac mac = FabricKey.random().newMac();
    int macOffset = frame.length - FrameMac.LENGTH_BYTES;
    for (int i = 0; i < 20_000; i++) { // warm up: the JIT's own allocations happen here
      mac.compute(frame, 0, macOffset, 1, frame, macOffset);
      mac.verify(frame, 0, macOffset, 1, frame, macOffset);
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(self);
    int rounds = 10_000;
    boolean ok = true;
    for (int i = 0; i < rounds; i++) {
      mac.compute(frame, 0, macOffset, 1, frame, macOffset);
      ok &= mac.verify(frame, 0, macOffset, 1, frame, macOffset);
    }
    long allocated = threads.getThreadAllocatedBytes(self) - before;
    assertTrue(ok, "verify after compute");
    // javax.crypto.Mac allocates at least 64 bytes per doFinal: 640 KB for these rounds
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for " + rounds + " MACs");
    assertFalse(
        Arrays.equals(
            new byte[FrameMac.LENGTH_BYTES], Arrays.copyOfRange(frame, macOffset, frame.length)));
  }
}
