package io.vioemu.guest.netperf;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When each flow starts and stops: at {@code startPs + id * startStaggerPs} and {@code stopPs},
 * unless {@code flow.<id>.startPs} or {@code flow.<id>.stopPs} says otherwise for that flow.
 */
final class FlowSchedule {
  static final String START = "flow.*.startPs";
  static final String STOP = "flow.*.stopPs";

  private final long startPs;
  private final long staggerPs;
  private final long stopPs;
  private final Map<Integer, Long> starts = new HashMap<>();
  private final Map<Integer, Long> stops = new HashMap<>();

  private FlowSchedule(long startPs, long staggerPs, long stopPs) {
    this.startPs = startPs;
    this.staggerPs = staggerPs;
    this.stopPs = stopPs;
  }

  /**
   * Reads the per-flow times; each must name a flow of {@code flowIds} and stop after it starts.
   */
  static FlowSchedule read(
      ModelParams p, List<Integer> flowIds, long startPs, long staggerPs, long stopPs) {
    FlowSchedule s = new FlowSchedule(startPs, staggerPs, stopPs);
    ParamSpec start = NetperfStarParams.FLOW_START_PS;
    for (String name : p.namesMatching(start)) {
      s.starts.put(flowOf(p, name, START, flowIds), p.getLong(start, name));
    }
    ParamSpec stop = NetperfStarParams.FLOW_STOP_PS;
    for (String name : p.namesMatching(stop)) {
      s.stops.put(flowOf(p, name, STOP, flowIds), p.getLong(stop, name));
    }
    for (int id : flowIds) {
      boolean own = s.starts.containsKey(id) || s.stops.containsKey(id);
      if (own && s.stopPs(id) <= s.startPs(id)) {
        String name =
            s.stops.containsKey(id) ? "flow." + id + ".stopPs" : "flow." + id + ".startPs";
        throw p.invalid(
            name,
            "flow "
                + id
                + " would stop at "
                + s.stopPs(id)
                + " ps, not after its start at "
                + s.startPs(id)
                + " ps");
      }
    }
    return s;
  }

  private static int flowOf(ModelParams p, String name, String pattern, List<Integer> flowIds) {
    String id = ModelParams.star(pattern, name);
    for (int f : flowIds) {
      if (Integer.toString(f).equals(id)) {
        return f;
      }
    }
    throw p.invalid(
        name,
        name + ": this configuration has no flow '" + id + "' (its flows: " + ids(flowIds) + ")");
  }

  /** The ids, shortened when there are many. */
  private static String ids(List<Integer> flowIds) {
    if (flowIds.size() <= 12) {
      return flowIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    return flowIds.subList(0, 10).stream().map(String::valueOf).collect(Collectors.joining(", "))
        + ", ..., "
        + flowIds.get(flowIds.size() - 1)
        + " ("
        + flowIds.size()
        + " flows)";
  }

  long startPs(int id) {
    Long own = starts.get(id);
    return own != null ? own : startPs + id * staggerPs;
  }

  long stopPs(int id) {
    Long own = stops.get(id);
    return own != null ? own : stopPs;
  }
}
