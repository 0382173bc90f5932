package io.vioemu.guest.migration;

import io.vioemu.host.virt.MigrationCosts;

/**
 * How one migration runs, validated once.
 *
 * @param maxRounds pre-copy rounds before stop-and-copy at the latest (the first round copies every
 *     page)
 * @param stopPages stop-and-copy once a round leaves at most this many dirty pages
 * @param maxDowntimePs stop-and-copy once the dirty pages would go in this time at the last round's
 *     rate (QEMU's downtime limit); 0: no such test
 * @param maxBandwidthBitsPerSec the stream's rate limit; 0: as fast as the stream goes
 * @param chunkPages pages handed to the stream at once: the grain of the rate limit
 * @param costs CPU and fixed costs from the profile
 */
public record MigrationSettings(
    int maxRounds,
    long stopPages,
    long maxDowntimePs,
    long maxBandwidthBitsPerSec,
    int chunkPages,
    MigrationCosts costs) {

  /**
   * Bytes in front of each page on the stream: the page's address and flags (QEMU migration/ram.c,
   * save_page_header: one 64-bit word).
   */
  public static final int PAGE_HEADER_BYTES = 8;

  public MigrationSettings {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1, not " + maxRounds);
    }
    if (stopPages < 0 || maxDowntimePs < 0 || maxBandwidthBitsPerSec < 0) {
      throw new IllegalArgumentException("migration limits must not be negative");
    }
    if (chunkPages < 1) {
      throw new IllegalArgumentException("chunkPages must be at least 1, not " + chunkPages);
    }
  }

  /** Stream bytes of {@code pages} pages. */
  public static long streamBytes(long pages) {
    return pages * (GuestMemory.PAGE_BYTES + PAGE_HEADER_BYTES);
  }
}
