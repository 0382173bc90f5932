package io.vioemu.host.virt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How interrupts reach a guest's vCPU, and what exits they cost.
 *
 * <ul>
 *   <li>{@link #EXITS}: every interrupt for the guest makes its running vCPU exit (an external
 *       interrupt, or the kick of an injection) and is injected on re-entry, and the guest's EOI
 *       write to its APIC exits to be emulated: a CPU without APIC virtualization.
 *   <li>{@link #POSTED}: APIC virtualization with posted interrupts (Intel APICv): a virtual
 *       interrupt is posted to the running vCPU's descriptor and delivered by the processor without
 *       an exit, and the EOI is virtualized (no exit for an edge-triggered MSI). An assigned
 *       device's interrupt is posted by the IOMMU when it has VT-d posted interrupts; without them
 *       the host takes it (one exit) and posts it, and the EOI still does not exit.
 *   <li>{@link #ELI}: exitless interrupts (Gordon et al., ASPLOS 2012): the guest's shadow
 *       interrupt table takes its assigned device's interrupts directly and the guest writes the
 *       physical EOI, with no hypervisor involvement and no APIC virtualization needed; only for an
 *       assigned device (pass-through, SR-IOV).
 * </ul>
 */
public enum InterruptMode {
  EXITS,
  POSTED,
  ELI;

  /** The parameter value that follows the calibration profile's CPU. */
  public static final String PROFILE = "profile";

  public String paramName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@value #PROFILE} and every mode's parameter spelling (a parameter's choices). */
  public static List<String> paramNames() {
    return Stream.concat(Stream.of(PROFILE), Arrays.stream(values()).map(InterruptMode::paramName))
        .toList();
  }

  /**
   * The mode a parameter value asks for: {@value #PROFILE} is {@link #POSTED} when the profile's
   * CPU has APIC virtualization, else {@link #EXITS}.
   *
   * @throws IllegalArgumentException for ELI under a model whose guest does not drive its device
   */
  public static InterruptMode resolve(String choice, VirtCosts virt, IoModel model) {
    InterruptMode mode =
        PROFILE.equals(choice)
            ? (virt.apicVirtualization() != 0 ? POSTED : EXITS)
            : valueOf(choice.toUpperCase(Locale.ROOT));
    if (mode == ELI && !model.directAssignment()) {
      throw new IllegalArgumentException(
          "eli (exitless interrupts) needs a device assigned to the guest: io.model passthrough or"
              + " sriov, not "
              + model.paramName()
              + " (whose interrupts come from a software back-end; use posted or exits)");
    }
    return mode;
  }
}
