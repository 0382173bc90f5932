package io.vioemu.host.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every page a device touched outside its owner's memory, by page, device and access. Writes are
 * corruption; reads are leaks. The host is compromised once a device writes a hypervisor page:
 * whoever controls that device controls the machine.
 */
public record DamageReport(List<Damage> entries) {

  public DamageReport {
    entries = List.copyOf(entries);
  }

  public List<Damage> written() {
    return entries.stream().filter(d -> d.access() == DmaAccess.WRITE).toList();
  }

  public List<Damage> read() {
    return entries.stream().filter(d -> d.access() == DmaAccess.READ).toList();
  }

  /** Host pages written outside their owners' control, ascending. */
  public Set<Long> pagesWritten() {
    return written().stream().map(Damage::hostPage).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Owners whose pages a foreign device wrote, in page order. */
  public Set<Owner> victims() {
    return written().stream()
        .map(Damage::victim)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  public boolean hostCompromised() {
    return written().stream().anyMatch(d -> d.victim().equals(Owner.HYPERVISOR));
  }

  /** No device touched anything outside its owner's memory. */
  public boolean clean() {
    return entries.isEmpty();
  }
}
