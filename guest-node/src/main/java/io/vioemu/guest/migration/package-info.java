/**
 * Live migration of a VM (DESIGN.md section 6): the guest memory a migration copies and the
 * dirtying that makes it copy pages again ({@link io.vioemu.guest.migration.GuestMemory}, {@link
 * io.vioemu.guest.migration.DirtyingProcess}), and the two ways of moving it: pre-copy rounds with
 * stop-and-copy (Clark et al., NSDI 2005; {@link io.vioemu.guest.migration.PreCopyModel}) and
 * post-copy, resuming first and fetching pages on fault ({@link
 * io.vioemu.guest.migration.PostCopyModel}).
 *
 * <p>The models are pure: they take the time as an argument and reach the rest of the simulation
 * through {@link io.vioemu.guest.migration.MigrationPorts}, which moves their bytes (a TCP flow on
 * the fabric, in the full model) and pauses and resumes the VM. Costs come from {@link
 * io.vioemu.host.virt.MigrationCosts}, read from the calibration profile, each with its source
 * there.
 */
package io.vioemu.guest.migration;
