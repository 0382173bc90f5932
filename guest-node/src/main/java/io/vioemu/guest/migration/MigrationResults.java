package io.vioemu.guest.migration;

import io.vioemu.fabric.kernel.MetricSink;
import java.util.List;

/**
 * What one migration did, as integers.
 *
 * @param rounds the rounds in order, stop-and-copy last
 * @param converged whether the rounds ended because little was left to copy rather than at the
 *     round limit
 * @param stalePages pages the destination holds old copies of: device writes the dirty log did not
 *     see (reported, never repaired)
 * @param dirtyLogFaults first writes to a page in a round (each a write-protection fault)
 * @param vcpuCycles the faults' cost on the VM's vCPUs
 * @param sourceCycles the source's migration thread
 * @param destinationCycles the destination's receiving thread
 */
public record MigrationResults(
    long startPs,
    long pausedPs,
    long resumedPs,
    List<MigrationRound> rounds,
    boolean converged,
    long stalePages,
    long dirtyLogFaults,
    long vcpuCycles,
    long sourceCycles,
    long destinationCycles) {

  public MigrationResults {
    rounds = List.copyOf(rounds);
  }

  public long totalPs() {
    return resumedPs - startPs;
  }

  public long downtimePs() {
    return resumedPs - pausedPs;
  }

  public long pagesSent() {
    return rounds.stream().mapToLong(MigrationRound::pages).sum();
  }

  public long bytesSent() {
    return rounds.stream().mapToLong(MigrationRound::bytes).sum();
  }

  /** Under {@code prefix} ({@code migration.0.}): totals, then {@code round.K.*} from 1. */
  public void report(String prefix, MetricSink sink) {
    sink.put(prefix + "totalPs", totalPs());
    sink.put(prefix + "downtimePs", downtimePs());
    sink.put(prefix + "rounds", rounds.size());
    sink.put(prefix + "converged", converged ? 1 : 0);
    sink.put(prefix + "pagesSent", pagesSent());
    sink.put(prefix + "bytesSent", bytesSent());
    sink.put(prefix + "staleDmaPages", stalePages);
    sink.put(prefix + "dirtyLogFaults", dirtyLogFaults);
    sink.put(prefix + "vcpuCycles", vcpuCycles);
    sink.put(prefix + "sourceCycles", sourceCycles);
    sink.put(prefix + "destinationCycles", destinationCycles);
    for (int k = 0; k < rounds.size(); k++) {
      MigrationRound r = rounds.get(k);
      String round = prefix + "round." + (k + 1) + ".";
      sink.put(round + "pages", r.pages());
      sink.put(round + "bytes", r.bytes());
      sink.put(round + "durationPs", r.durationPs());
    }
  }
}
