package io.vioemu.guest.netperf;

/**
 * One netperf flow of a configuration, as the results see it.
 *
 * @param id the flow id, {@code host * flowsPerHost + j}
 * @param clientHost the host that runs netperf (the client end)
 * @param serverHost the host that runs netserver (the server end)
 * @param startPs when the client starts
 * @param stopPs from when its sender starts nothing new
 * @param sizeBytes a finite flow's bytes ({@link FiniteFlows}); 0 for a bulk flow
 */
record NetperfFlow(
    int id, int clientHost, int serverHost, long startPs, long stopPs, long sizeBytes) {

  /** A bulk flow. */
  NetperfFlow(int id, int clientHost, int serverHost, long startPs, long stopPs) {
    this(id, clientHost, serverHost, startPs, stopPs, 0);
  }

  boolean finite() {
    return sizeBytes > 0;
  }
}
