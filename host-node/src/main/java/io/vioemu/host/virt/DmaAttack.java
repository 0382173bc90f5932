package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.memory.DmaOutcome;
import io.vioemu.host.memory.DmaRecord;
import io.vioemu.host.memory.DmaResult;
import io.vioemu.host.memory.HostMemory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A guest that drives its own device (pass-through, a virtual function) turns it against the host.
 * The attack only programs the device; where the DMA lands, or whether it is refused, is the
 * IOMMU's and the DMA API's doing, so the same attack is a compromise without an IOMMU and a
 * recorded fault with one.
 */
public final class DmaAttack {
  /** What the guest makes its device do; the names are those of experiment files. */
  public enum Kind {
    NONE,
    /** A malicious driver: one page of DMA at the host-physical address of a hypervisor page. */
    OVERWRITE_HYPERVISOR,
    /**
     * A buggy driver: the device writes a packet into the receive buffer the driver has just
     * unmapped, through the address the driver gave it for that buffer.
     */
    STALE_BUFFER;

    public String paramName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Kind fromParam(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Every kind's parameter spelling, in declaration order (a parameter's choices). */
    public static List<String> paramNames() {
      return Arrays.stream(values()).map(Kind::paramName).toList();
    }
  }

  private final Kind kind;
  private long targetHostPage = -1;
  private long deviceAddress = -1;
  private long dmas;
  private long faults;
  private long reachedTarget;
  private long staleTranslations;

  public DmaAttack(Kind kind) {
    if (kind == Kind.NONE) {
      throw new IllegalArgumentException("no attack to run");
    }
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The guest acts at {@code nowPs}: the malicious driver fires at once at {@code hypervisorPage}
   * (a page of the hypervisor's it knows the address of); the buggy one's device strikes at its
   * driver's next unmap of a receive buffer.
   */
  public void launch(DmaPath path, long hypervisorPage, long nowPs) {
    if (kind == Kind.OVERWRITE_HYPERVISOR) {
      targetHostPage = hypervisorPage;
      deviceAddress = hypervisorPage << HostMemory.PAGE_SHIFT;
      record(path.programmedWrite(deviceAddress, (int) HostMemory.PAGE_SIZE, nowPs));
    } else {
      path.arm(this);
    }
  }

  /**
   * The driver has just unmapped a receive buffer (host page {@code bufferHostPage}) that the
   * device reached at {@code deviceAddress}; the device writes there again.
   */
  void afterUnmap(DmaPath path, long deviceAddress, long bufferHostPage, long nowPs) {
    targetHostPage = bufferHostPage;
    this.deviceAddress = deviceAddress;
    record(path.programmedWrite(deviceAddress, DmaPath.BUFFER_BYTES, nowPs));
  }

  private void record(DmaResult r) {
    dmas++;
    boolean reached = false;
    for (DmaRecord rec : r.records()) {
      if (rec.outcome() == DmaOutcome.BLOCKED_BY_IOMMU) {
        continue;
      }
      reached |= rec.hostPage() == targetHostPage && rec.outcome() != DmaOutcome.UNBACKED;
      staleTranslations += rec.stale() ? 1 : 0;
    }
    faults += r.blocked() ? 1 : 0;
    reachedTarget += reached ? 1 : 0;
  }

  /** The bus address the device was made to write; -1 before the attack struck. */
  public long deviceAddress() {
    return deviceAddress;
  }

  /** The page the attack meant to write; -1 before it struck. */
  public long targetHostPage() {
    return targetHostPage;
  }

  public long dmas() {
    return dmas;
  }

  /** Attack DMAs the IOMMU refused. */
  public long faults() {
    return faults;
  }

  /** Attack DMAs that wrote their target page (the hypervisor's, or the unmapped buffer). */
  public long reachedTarget() {
    return reachedTarget;
  }

  public void reportMetrics(MetricSink sink) {
    sink.put("attack.dmas", dmas);
    sink.put("attack.faults", faults);
    sink.put("attack.reachedTarget", reachedTarget);
    sink.put("attack.staleTranslations", staleTranslations);
  }
}
