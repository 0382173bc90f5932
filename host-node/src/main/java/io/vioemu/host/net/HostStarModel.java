package io.vioemu.host.net;

import io.vioemu.fabric.ethernet.StarTopologyModel;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelFactory;
import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.host.virt.MigrationCosts;
import io.vioemu.host.virt.VirtCosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bare-metal hosts with CPU costs ({@link NetHost}) on one switch: the {@code eth-star} topology
 * with full hosts. Registered as {@code host-star}; parameters are eth-star's plus {@code cores},
 * {@code rxRingFrames}, {@code rxCoalesceFrames}, {@code rxCoalescePs} and the {@code cost.*} cycle
 * counts of {@link HostCosts}.
 */
public final class HostStarModel implements ModelFactory {
  public static final ParamSpec CORES =
      ParamSpec.integer(
          "cores",
          1,
          1,
          2,
          "Cores per host: 1 (everything on core 0) or 2 (interrupts and softirq on core 0,"
              + " applications on core 1).");
  public static final ParamSpec RX_RING_FRAMES =
      ParamSpec.integer("rxRingFrames", 512, 1, 1 << 20, "Receive descriptors; a full ring drops.");
  public static final ParamSpec RX_COALESCE_FRAMES =
      ParamSpec.integer("rxCoalesceFrames", 1, 1, 1 << 16, "One interrupt per this many frames …");
  public static final ParamSpec RX_COALESCE_PS =
      ParamSpec.duration(
          "rxCoalescePs",
          0,
          0,
          Long.MAX_VALUE,
          "… or after this long (needed when coalesceFrames > 1).");
  public static final ParamSpec WORKLOAD =
      ParamSpec.choice(
          "workload",
          "stream",
          List.of("stream", "rr"),
          "stream: senders stream frames; rr: each frame is answered (request-response).");
  public static final ParamSpec RESPONSE_BYTES =
      ParamSpec.integer("responseBytes", 1500, 0, 9000, "rr: the answer's payload.")
          .computedDefault("payloadBytes");

  /**
   * eth-star's parameters, the host's and the {@code cost.*} cycle counts; a calibration profile
   * also carries virtualization and migration costs, which bare hosts have no use for but accept.
   */
  private static final List<ParamSpec> PARAMS =
      concat(
          HostCosts.PARAMS,
          VirtCosts.PARAMS,
          MigrationCosts.PARAMS,
          StarTopologyModel.PARAMS,
          List.of(
              CORES, RX_RING_FRAMES, RX_COALESCE_FRAMES, RX_COALESCE_PS, WORKLOAD, RESPONSE_BYTES));

  @SafeVarargs
  private static List<ParamSpec> concat(List<ParamSpec>... lists) {
    List<ParamSpec> out = new ArrayList<>();
    for (List<ParamSpec> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return "host-star";
  }

  @Override
  public List<ParamSpec> parameters() {
    return PARAMS;
  }

  @Override
  public Model create(Map<String, String> raw) {
    ModelParams p = new ModelParams(name(), raw, PARAMS);
    HostCosts costs = HostCosts.fromParams(p);
    int cores = p.getInt(CORES);
    int ring = p.getInt(RX_RING_FRAMES);
    int coalesceFrames = p.getInt(RX_COALESCE_FRAMES);
    long coalescePs = p.getLong(RX_COALESCE_PS);
    if (coalesceFrames > 1 && coalescePs == 0) {
      throw p.invalid(
          RX_COALESCE_PS,
          "rxCoalescePs must be > 0 when rxCoalesceFrames > 1 (else a lone frame"
              + " waits forever)");
    }
    boolean rr = p.getChoice(WORKLOAD).equals("rr");
    int responseBytes =
        p.getInt(RESPONSE_BYTES, p.getInt(StarTopologyModel.PAYLOAD_BYTES.within(0, 9000)));
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
