package io.vioemu.host.net;

import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.host.virt.VirtCosts;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bare-metal hosts with CPU costs ({@link NetHost}) on one switch: the {@code eth-star} topology
 * with full hosts. Registered as {@code host-star}; parameters are eth-star's plus {@code cores},
 * {@code rxRingFrames}, {@code rxCoalesceFrames}, {@code rxCoalescePs} and the {@code cost.*} cycle
 * counts of {@link HostCosts}.
 */
public final class HostStarModel implements ModelFactory {
  private static final Set<String> KNOWN = known();

  private static Set<String> known() {
    Set<String> s = new TreeSet<>(HostCosts.paramNames());
    // a calibration profile also carries virtualization costs; bare hosts have no use for them
    s.addAll(VirtCosts.paramNames());
    s.addAll(StarTopologyModel.PARAMS);
    s.add("cores");
    s.add("rxRingFrames");
    s.add("rxCoalesceFrames");
    s.add("rxCoalescePs");
    s.add("workload");
    s.add("responseBytes");
    return Set.copyOf(s);
  }

  @Override
  public String name() {
    return "host-star";
  }

  @Override
  public Model create(Map<String, String> raw) {
    ModelParams p = new ModelParams(name(), raw, KNOWN);
    HostCosts costs = HostCosts.fromParams(p);
    int cores = p.getInt("cores", 1, 1, 2);
    int ring = p.getInt("rxRingFrames", 512, 1, 1 << 20);
    int coalesceFrames = p.getInt("rxCoalesceFrames", 1, 1, 1 << 16);
    long coalescePs = p.getLong("rxCoalescePs", 0, 0, Long.MAX_VALUE);
    if (coalesceFrames > 1 && coalescePs == 0) {
      throw p.invalid(
          "rxCoalescePs",
          "rxCoalescePs must be > 0 when rxCoalesceFrames > 1 (else a lone frame"
              + " waits forever)");
    }
    boolean rr;
    String workload = raw.getOrDefault("workload", "stream");
    switch (workload) {
      case "stream" -> rr = false;
      case "rr" -> rr = true;
      default ->
          throw p.invalid("workload", "workload must be 'stream' or 'rr', was '" + workload + "'");
    }
    int responseBytes = p.getInt("responseBytes", p.getInt("payloadBytes", 1500, 0, 9000), 0, 9000);
    return StarTopologyModel.fromParams(
        p,
        (host, mac, flow, link, uplink) ->
            new NetHost(
                mac,
                flow,
                link,
                uplink,
                costs,
                cores,
                ring,
                new InterruptModeration(coalesceFrames, coalescePs),
                rr ? new RequestResponse(responseBytes) : null));
  }
}
