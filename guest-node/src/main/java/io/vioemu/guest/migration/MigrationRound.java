package io.vioemu.guest.migration;

/**
 * One round of a migration: the pages it copied, the bytes they took on the stream, and when it
 * ran. The stop-and-copy is the last round; its bytes include the device state.
 */
public record MigrationRound(long pages, long bytes, long startPs, long endPs) {

  public long durationPs() {
    return endPs - startPs;
  }
}
