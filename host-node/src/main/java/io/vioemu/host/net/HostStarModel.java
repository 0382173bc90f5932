package io.vioemu.host.net;

import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
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
  private static final Set<String> HOST_PARAMS = hostParams();

  private static Set<String> hostParams() {
    Set<String> s = new TreeSet<>(HostCosts.paramNames());
    s.add("cores");
    s.add("rxRingFrames");
    s.add("rxCoalesceFrames");
    s.add("rxCoalescePs");
    return Set.copyOf(s);
  }

  @Override
  public String name() {
    return "host-star";
  }

  @Override
  public Model create(Map<String, String> p) {
    HostCosts costs = HostCosts.fromParams(p);
    int cores = Integer.parseInt(p.getOrDefault("cores", "1"));
    int ring = Integer.parseInt(p.getOrDefault("rxRingFrames", "512"));
    int coalesceFrames = Integer.parseInt(p.getOrDefault("rxCoalesceFrames", "1"));
    long coalescePs = Long.parseLong(p.getOrDefault("rxCoalescePs", "0"));
    new InterruptModeration(coalesceFrames, coalescePs); // validate once, before any entity exists
    return StarTopologyModel.fromParams(
        name(),
        p,
        HOST_PARAMS,
        (host, mac, flow, link, uplink) ->
            new NetHost(
                mac,
                flow,
                link,
                uplink,
                costs,
                cores,
                ring,
                new InterruptModeration(coalesceFrames, coalescePs)));
  }
}
