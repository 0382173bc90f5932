package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IOMMU's timing in a whole run, computed by hand: each IOTLB miss's page walk delays its DMA,
 * and the deferred strategy's flush is a timer of its own.
 */
class IommuTimingRunTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("iommu", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** TCP_RR between two bare-metal hosts at 2 GHz, one transaction at a time. */
  private static NetperfRun rr(String... kv) {
    Map<String, String> p =
        new HashMap<>(
            Map.of(
                "test", "TCP_RR",
                "messageBytes", "100",
                "responseBytes", "200",
                "forwardingJitterPs", "0",
                "cost.clockHz", "2000000000",
                "cost.iommuMapCycles", "1000",
                "cost.iommuUnmapCycles", "700",
                "cost.iotlbInvalidationCycles", "2700",
                "cost.iotlbGlobalInvalidationCycles", "2700",
                "cost.iommuQueuedInvalidation", "1"));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return NetperfRun.run(kit, p, 1, 2_000_000_000L);
  }

  /**
   * Under strict every mapping is new, so each of a transaction's four DMAs misses the IOTLB: the
   * client's NIC reads the request, the server's writes it, the server's reads the response, the
   * client's writes it. With 2 reads of 100 ns per walk, a transaction takes exactly 4 x 200 ns
   * more than with walks that take no time; nothing else changes.
   */
  @Test
  void shouldAddExactlyTheWalkTimeOfEachMissToTheTransactionWhenStrict() {
    NetperfRun free = rr("io.iommu", "strict", "cost.iommuWalkReads", "0");
    NetperfRun walked =
        rr("io.iommu", "strict", "cost.iommuWalkReads", "2", "cost.iommuWalkReadPs", "100000");

    long walk = 2 * 100_000;
    assertEquals(free.get(0, "flow0.latencyMinPs") + 4 * walk, walked.get(0, "flow0.latencyMinPs"));
    assertEquals(free.get(0, "flow0.latencyMaxPs") + 4 * walk, walked.get(0, "flow0.latencyMaxPs"));
    for (int host = 0; host < 2; host++) {
      long misses = walked.get(host, "iommu.iotlbMisses");
      assertEquals(0, walked.get(host, "iommu.iotlbHits"), "strict: every DMA misses");
      assertEquals(misses * walk, walked.get(host, "iommu.walkPs"), "reported, host " + host);
      assertEquals(0, free.get(host, "iommu.walkPs"));
    }
  }

  /**
   * Deferred with a 1 us flush interval and a batch limit no transaction reaches: after each
   * transaction's unmaps the host makes no map or unmap for about 15 us (until the next message),
   * yet the flush timer fires 1 us after the first unmap of each batch, so that unmap's stale
   * window is exactly the interval. Without the timer the flush would wait for the next unmap.
   */
  @Test
  void shouldFlushAtTheIntervalWithNoMapOrUnmapWhenDeferred() {
    NetperfRun r =
        rr("io.iommu", "deferred", "io.deferredBatch", "1000", "io.flushIntervalPs", "1000000");

    for (int host = 0; host < 2; host++) {
      assertEquals(1_000_000, r.get(host, "iommu.staleWindowMaxPs"), "host " + host);
      long flushes = r.get(host, "iommu.globalInvalidations");
      long transactions = r.get(0, "flow0.transactions");
      assertTrue(
          flushes >= transactions, "one flush per batch at least: " + flushes + " " + transactions);
      assertEquals(flushes, r.get(host, "iommu.queuedInvalidations"), "queued (profile: QI)");
    }
  }

  /** The strategy per host: the clients strict, the servers without an IOMMU. */
  @Test
  void shouldRunTheStrategyOnlyOnTheHostsItIsOnWhenTheTwoEndsDiffer() {
    NetperfRun both = rr("io.iommu", "strict");
    NetperfRun clients = rr("io.iommu", "strict", "io.iommuHosts", "clients");

    assertTrue(clients.get(0, "iommu.maps") > 0, "the client maps");
    assertEquals(null, clients.metrics.get(1).get("iommu.maps"), "the server has no IOMMU");
    assertTrue(
        clients.get(0, "flow0.latencyMinPs") < both.get(0, "flow0.latencyMinPs"),
        "one end's DMA API costs less than both ends'");
  }

  /**
   * A pass-through VM receiving a stream under {@code direct}, behind a 16-entry IOTLB (64 KiB of
   * reach in 4 KiB pages): its rings' 1,024 buffers of 2 KiB (2 MiB, from guest page 0) cycle over
   * 512 pages, so with 4 KiB mappings its NIC misses again and again; with 2 MiB mappings (the VM's
   * memory starts 2 MiB aligned) one entry covers every buffer, and after the first miss it hits.
   */
  @Test
  void shouldMissFarLessForTheSameTrafficWhenDirectMapsWith2MiBPages() {
    long[] misses = new long[2];
    long[] frames = new long[2];
    for (int large = 0; large < 2; large++) {
      Map<String, String> p = new HashMap<>(ShippedProfile.costs("modern-x86-10gbe"));
      p.put("test", "TCP_STREAM");
      p.put("io.model", "passthrough");
      p.put("io.vmHosts", "servers");
      p.put("io.iommu", "direct");
      p.put("io.iotlbEntries", "16");
      p.put("io.iommuLargePages", large == 1 ? "true" : "false");
      NetperfRun r = NetperfRun.run(kit, p, 1, 2_000_000_000L);
      misses[large] = r.get(1, "iommu.iotlbMisses");
      frames[large] = r.get(1, "rxFrames");
      assertEquals(large == 1 ? 8 : 0, r.get(1, "iommu.largePages"), "16 MiB of VM: 8 leaves");
    }
    assertTrue(frames[0] > 1_000 && frames[1] > 1_000, "traffic: " + frames[0] + ", " + frames[1]);
    assertTrue(misses[0] > frames[0] / 2, "4 KiB: " + misses[0] + " misses, " + frames[0]);
    assertEquals(1, misses[1], "2 MiB: the first access walks, every other one hits");
  }

  /** The batch limit flushes at once: with a limit of 1, every unmap flushes, no window. */
  @Test
  void shouldFlushAtEveryUnmapWhenTheBatchLimitIsOne() {
    NetperfRun r = rr("io.iommu", "deferred", "io.deferredBatch", "1");

    for (int host = 0; host < 2; host++) {
      assertEquals(0, r.get(host, "iommu.staleWindowMaxPs"));
      assertEquals(r.get(host, "iommu.unmaps"), r.get(host, "iommu.globalInvalidations"));
    }
  }
}
