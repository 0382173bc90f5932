package io.vioemu.guest.migration;

/**
 * What a migration costs besides the bytes it moves, from the calibration profile (each number's
 * source is in the profile).
 *
 * @param dirtyLogCyclesPerWrite vCPU cycles of the first write to a page in a round: the
 *     write-protection fault that logs it
 * @param sendCyclesPerPage the source's migration thread per page: finding it in the bitmap and
 *     copying it into the stream
 * @param receiveCyclesPerPage the destination's per page: reading it from the stream into guest
 *     memory
 * @param deviceStateBytes vCPU and device state sent with the last pages
 * @param resumePs from the last byte at the destination to the VM running there
 * @param faultServicePs post-copy: from a missing page's arrival to the faulting vCPU running again
 *     (the fault's delivery to the migration thread and the page's placement)
 */
public record MigrationCosts(
    long dirtyLogCyclesPerWrite,
    long sendCyclesPerPage,
    long receiveCyclesPerPage,
    long deviceStateBytes,
    long resumePs,
    long faultServicePs) {

  public MigrationCosts {
    if (dirtyLogCyclesPerWrite < 0
        || sendCyclesPerPage < 0
        || receiveCyclesPerPage < 0
        || deviceStateBytes < 0
        || resumePs < 0
        || faultServicePs < 0) {
      throw new IllegalArgumentException("migration costs must not be negative: " + this);
    }
  }
}
