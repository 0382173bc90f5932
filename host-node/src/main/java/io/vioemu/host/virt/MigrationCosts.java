package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.cpu.CostRecords;
import java.util.List;
import java.util.Set;

/**
 * What a live migration costs the hypervisor besides the bytes it moves, read from the {@code
 * cost.*} parameters like {@link VirtCosts} (each number's source is in the calibration profile).
 *
 * @param dirtyLogCyclesPerWrite vCPU cycles of the first write to a page in a round: the
 *     write-protection fault, or the page-modification-log entry, that logs it
 * @param sendCyclesPerPage the source's migration thread per page, beyond the socket's own costs:
 *     finding it in the dirty bitmap and framing it for the stream
 * @param receiveCyclesPerPage the destination's per page, beyond the socket's own costs: placing it
 *     in guest memory
 * @param deviceStateBytes vCPU and device state sent with the last pages
 * @param resumePs from the last byte at the destination to the VM running there
 * @param faultServicePs post-copy: from a missing page's arrival to the faulting vCPU running again
 *     (the fault's delivery to the migration thread and the page's placement)
 * @param hotUnplugPs a VM that drives its own NIC under a bond (Zhai et al., OLS 2008): from the
 *     hypervisor's eject request to the device gone from the guest and handed back to the host
 * @param hotPlugPs from the hypervisor's insertion of a VF at the destination to the guest's VF
 *     driver probing it (its PF/VF mailbox bring-up follows, timed by the SR-IOV model)
 * @param bondFailoverPs from the active slave's loss to the bond's backup carrying frames: the
 *     failover gap, in which frames to and from the VM are lost
 * @param bondFailbackPs from the new VF's link up to the bond making it the active slave again
 */
public record MigrationCosts(
    long dirtyLogCyclesPerWrite,
    long sendCyclesPerPage,
    long receiveCyclesPerPage,
    long deviceStateBytes,
    long resumePs,
    long faultServicePs,
    long hotUnplugPs,
    long hotPlugPs,
    long bondFailoverPs,
    long bondFailbackPs) {

  /** The {@code cost.*} parameters {@link #fromParams} reads; those missing are 0. */
  public static final List<ParamSpec> PARAMS = CostRecords.params(MigrationCosts.class);

  public MigrationCosts {
    CostRecords.requireNonNegative(
        MigrationCosts.class,
        dirtyLogCyclesPerWrite,
        sendCyclesPerPage,
        receiveCyclesPerPage,
        deviceStateBytes,
        resumePs,
        faultServicePs,
        hotUnplugPs,
        hotPlugPs,
        bondFailoverPs,
        bondFailbackPs);
  }

  /** Reads {@code cost.*} parameters; missing ones are 0. */
  public static MigrationCosts fromParams(ModelParams p) {
    return CostRecords.read(MigrationCosts.class, p, PARAMS);
  }

  /** The parameter names {@link #fromParams} reads. */
  public static Set<String> paramNames() {
    return CostRecords.paramNames(MigrationCosts.class);
  }
}
