package io.vioemu.guest.migration;

import io.vioemu.fabric.kernel.MetricSink;

/**
 * What one post-copy migration did.
 *
 * @param completedPs when the last page arrived: the source holds nothing the VM needs any more
 * @param faults accesses to pages that had not arrived; each stopped the VM
 * @param stalledPs the time the VM stood still on faults after it resumed
 * @param pushedPages pages sent in the background, in address order
 * @param demandedPages pages sent because the VM faulted on them
 */
public record PostCopyResults(
    long startPs,
    long resumedPs,
    long completedPs,
    long faults,
    long stalledPs,
    long pushedPages,
    long demandedPages,
    long bytesSent,
    long sourceCycles,
    long destinationCycles) {

  public long totalPs() {
    return completedPs - startPs;
  }

  public long downtimePs() {
    return resumedPs - startPs;
  }

  /** Under {@code prefix} ({@code migration.0.}). */
  public void report(String prefix, MetricSink sink) {
    sink.put(prefix + "totalPs", totalPs());
    sink.put(prefix + "downtimePs", downtimePs());
    sink.put(prefix + "faults", faults);
    sink.put(prefix + "stalledPs", stalledPs);
    sink.put(prefix + "pushedPages", pushedPages);
    sink.put(prefix + "demandedPages", demandedPages);
    sink.put(prefix + "pagesSent", pushedPages + demandedPages);
    sink.put(prefix + "bytesSent", bytesSent);
    sink.put(prefix + "sourceCycles", sourceCycles);
    sink.put(prefix + "destinationCycles", destinationCycles);
  }
}
