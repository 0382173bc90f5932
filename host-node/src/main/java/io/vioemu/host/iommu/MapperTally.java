package io.vioemu.host.iommu;

/** The mutable side of {@link DmaCounters}, shared by the strategies. */
final class MapperTally {
  long maps;
  long unmaps;
  long mapFailures;
  long mapCycles;
  long unmapCycles;
  long pageInvalidations;
  long pageInvalidationCycles;
  long globalInvalidations;
  long globalInvalidationCycles;
  long copiedBytes;
  long copyCycles;
  long setupCycles;
  long poolReuses;
  long poolEvictions;
  long staleUnmaps;
  long staleWindowTotalPs;
  long staleWindowMaxPs;

  void pageInvalidation(long cycles) {
    pageInvalidations++;
    pageInvalidationCycles += cycles;
  }

  void globalInvalidation(long cycles) {
    globalInvalidations++;
    globalInvalidationCycles += cycles;
  }

  void staleWindow(long ps) {
    staleUnmaps++;
    staleWindowTotalPs += ps;
    staleWindowMaxPs = Math.max(staleWindowMaxPs, ps);
  }

  DmaCounters snapshot() {
    return new DmaCounters(
        maps,
        unmaps,
        mapFailures,
        mapCycles,
        unmapCycles,
        pageInvalidations,
        pageInvalidationCycles,
        globalInvalidations,
        globalInvalidationCycles,
        copiedBytes,
        copyCycles,
        setupCycles,
        poolReuses,
        poolEvictions,
        staleUnmaps,
        staleWindowTotalPs,
        staleWindowMaxPs);
  }
}
