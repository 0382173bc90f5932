package io.vioemu.lang;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A parameter sweep: model parameters with lists of values, combined {@code cartesian} (every
 * combination, the first parameter varying slowest) or {@code zipped} (the i-th values together),
 * each combination run {@code repetitions} times with seeds {@code seed, seed+1, ...}.
 *
 * @param mode {@code cartesian} or {@code zipped}
 * @param names the swept model parameters, in the file's order (a section path such as {@code
 *     vms.ioModel} is swept as the parameter it lowers to, {@code io.model})
 * @param values each parameter's values, as the file gives them
 * @param valueLocations "file:line:column: " of each value
 * @param repetitions runs of each combination
 * @param where "file:line:column: " of the {@code sweep} field (or of {@code repetitions})
 * @param given the swept names as the file gives them (a parameter or a section path)
 */
public record Sweep(
    String mode,
    List<String> names,
    List<List<String>> values,
    List<List<String>> valueLocations,
    int repetitions,
    String where,
    List<String> given) {
  /** The most points (combinations times repetitions) a sweep may have. */
  static final long MAX_POINTS = 10_000;

  static final List<String> KEYS = List.of("mode", "params");
  static final List<String> MODES = List.of("cartesian", "zipped");

  /**
   * One run of a sweep.
   *
   * @param index the point's position, from 0
   * @param params the swept parameters' values at this point
   * @param locations "file:line:column: " of each swept value
   * @param seed the run's seed
   */
  public record Point(
      int index, Map<String, String> params, Map<String, String> locations, long seed) {
    /** "messageBytes=1024 io.iommu=strict" (and the seed when the sweep repeats). */
    public String label(Sweep sweep) {
      StringBuilder out = new StringBuilder();
      params.forEach(
          (k, v) -> out.append(out.length() > 0 ? " " : "").append(k).append('=').append(v));
      if (sweep.repetitions() > 1) {
        out.append(out.length() > 0 ? " " : "").append("seed=").append(seed);
      }
      return out.toString();
    }
  }

  /**
   * Reads the {@code sweep} mapping (null: repetitions only); {@code key} is the key node errors
   * about the whole sweep point at. {@code overridden} are the parameters {@code --set} gives: one
   * of them may not also be swept. Section paths are lowered by {@code sections}; the flows a
   * {@code schedule} names by id may not vary.
   */
  static Sweep parse(
      String label,
      Node key,
      Node node,
      Node repetitionsNode,
      int repetitions,
      Map<String, Node> overridden,
      Sections sections,
      Schedule schedule) {
    String where = YamlFields.at(label, key != null ? key : node != null ? node : repetitionsNode);
    List<String> names = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    List<List<String>> locations = new ArrayList<>();
    List<String> givenNames = new ArrayList<>();
    String mode = "cartesian";
    if (node != null) {
      MappingNode m = YamlFields.mapping(label, node, "sweep");
      Map<String, Node> fields = YamlFields.fields(label, m, KEYS, "sweep.");
      if (fields.containsKey("mode")) {
        mode = mode(label, fields.get("mode"));
      }
      MappingNode params =
          YamlFields.mapping(
              label, YamlFields.require(label, m, fields, "params", "sweep."), "sweep.params");
      if (params.getValue().isEmpty()) {
        throw new UsageException(
            YamlFields.at(label, params)
                + "field 'sweep.params': expected at least one parameter with a list of values");
      }
      List<Node> lists = new ArrayList<>();
      for (NodeTuple t : params.getValue()) {
        String given = YamlFields.scalar(label, t.getKeyNode(), "sweep.params.(key)");
        String field = "sweep.params." + given;
        SectionKey sectionKey = null;
        String name;
        if (SectionKey.isSectionPath(given)) {
          sectionKey = sections.resolve(given, t.getKeyNode(), field);
          if (sectionKey.param() == null) {
            throw new UsageException(
                YamlFields.at(label, t.getKeyNode())
                    + "field '"
                    + field
                    + "': '"
                    + given
                    + "' sets no model parameter, so it cannot be swept");
          }
          name = sectionKey.param();
        } else {
          name = given.startsWith("params.") ? given.substring("params.".length()) : given;
          checkSweepable(label, t.getKeyNode(), field, name);
        }
        checkParam(
            label, t.getKeyNode(), field, given, name, names, givenNames, overridden, schedule);
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
          throw new UsageException(
              YamlFields.at(label, t.getValueNode())
                  + "field '"
                  + field
                  + "': expected a list of values, e.g. [64, 256, 1024]");
        }
        if (seq.getValue().isEmpty()) {
          throw new UsageException(
              YamlFields.at(label, seq) + "field '" + field + "': expected at least one value");
        }
        List<String> vs = new ArrayList<>();
        List<String> ls = new ArrayList<>();
        int i = 0;
        for (Node v : seq.getValue()) {
          String f = field + "[" + i++ + "]";
          vs.add(
              sectionKey == null
                  ? YamlFields.scalar(label, v, f)
                  : sections.convert(sectionKey, v, f));
          ls.add(YamlFields.at(label, v));
        }
        names.add(name);
        givenNames.add(given);
        values.add(List.copyOf(vs));
        locations.add(List.copyOf(ls));
        lists.add(seq);
      }
      if (mode.equals("zipped")) {
        checkZipped(label, values, givenNames, lists);
      }
    }
    checkPoints(where, node != null, mode, values, repetitions);
    return new Sweep(
        mode,
        List.copyOf(names),
        List.copyOf(values),
        List.copyOf(locations),
        repetitions,
        where,
        List.copyOf(givenNames));
  }

  private static String mode(String label, Node modeNode) {
    String mode = YamlFields.scalar(label, modeNode, "sweep.mode");
    if (!MODES.contains(mode)) {
      throw new UsageException(
          YamlFields.at(label, modeNode)
              + "field 'sweep.mode': expected one of "
              + MODES
              + ", got '"
              + mode
              + "'"
              + Suggest.closest(mode, MODES).map(s -> " (did you mean '" + s + "'?)").orElse(""));
    }
    return mode;
  }

  /**
   * Refuses a parameter swept twice, also fixed by --set, or a flow's shape when the schedule names
   * flows.
   */
  private static void checkParam(
      String label,
      Node keyNode,
      String field,
      String given,
      String name,
      List<String> names,
      List<String> givenNames,
      Map<String, Node> overridden,
      Schedule schedule) {
    int seen = names.indexOf(name);
    if (seen >= 0) {
      throw new UsageException(
          YamlFields.at(label, keyNode)
              + "field '"
              + field
              + "' appears twice"
              + (givenNames.get(seen).equals(given)
                  ? ""
                  : " ('" + givenNames.get(seen) + "' also sets parameter " + name + ")"));
    }
    Node set = overridden.get(name);
    if (set != null) {
      throw new UsageException(
          YamlFields.at(label, set)
              + "parameter '"
              + name
              + "' is swept (at "
              + YamlFields.at(label, keyNode).replaceAll(": $", "")
              + "); --set cannot fix a swept parameter");
    }
    if (schedule != null && schedule.idsAt() != null && Schedule.FLOW_SHAPE.contains(name)) {
      throw new UsageException(
          YamlFields.at(label, keyNode)
              + "field '"
              + field
              + "': the schedule names flows by id (at "
              + schedule.idsAt().replaceAll(": $", "")
              + "), so the flows may not vary: sweep "
              + name
              + " without flow ids in the schedule (start: all, stop: all)");
    }
  }

  private static void checkZipped(
      String label, List<List<String>> values, List<String> givenNames, List<Node> lists) {
    int n = values.get(0).size();
    for (int p = 1; p < values.size(); p++) {
      if (values.get(p).size() != n) {
        throw new UsageException(
            YamlFields.at(label, lists.get(p))
                + "field 'sweep.params."
                + givenNames.get(p)
                + "': zipped lists must have equal lengths, but it has "
                + values.get(p).size()
                + " values and '"
                + givenNames.get(0)
                + "' has "
                + n);
      }
    }
  }

  /** Refuses a sweep of more than {@link #MAX_POINTS} points. */
  private static void checkPoints(
      String where, boolean swept, String mode, List<List<String>> values, int repetitions) {
    BigInteger combos = BigInteger.ONE;
    if (mode.equals("zipped")) {
      combos = BigInteger.valueOf(values.get(0).size());
    } else {
      for (List<String> vs : values) {
        combos = combos.multiply(BigInteger.valueOf(vs.size()));
      }
    }
    BigInteger points = combos.multiply(BigInteger.valueOf(repetitions));
    if (points.compareTo(BigInteger.valueOf(MAX_POINTS)) > 0) {
      throw new UsageException(
          where
              + "field '"
              + (swept ? "sweep" : "repetitions")
              + "': the sweep has "
              + points
              + " points ("
              + combos
              + " combinations x "
              + repetitions
              + " repetitions), more than the "
              + MAX_POINTS
              + " allowed");
    }
  }

  /**
   * A parameter name may not be a top-level field ({@code seed}) or a whole section ({@code vms});
   * {@code hosts} and {@code workload} are parameters of some models, so they stay parameters.
   */
  private static void checkSweepable(String label, Node at, String field, String name) {
    boolean section =
        SectionKey.SECTIONS.contains(name) && !name.equals("hosts") && !name.equals("workload");
    if (name.isEmpty()
        || section
        || (ExperimentLoader.TOP_KEYS.contains(name) && !isParamToo(name))) {
      throw new UsageException(
          YamlFields.at(label, at)
              + "field '"
              + field
              + "': only model parameters and section keys can be swept"
              + (name.equals("seed") ? " (use 'repetitions' for several seeds)" : "")
              + (section && !SectionKey.children(name).isEmpty()
                  ? " (a key of it, e.g. '" + name + "." + SectionKey.children(name).get(0) + "')"
                  : ""));
    }
  }

  private static boolean isParamToo(String name) {
    return name.equals("hosts") || name.equals("workload");
  }

  /** Combinations times repetitions. */
  int size() {
    return combinations().size() * repetitions;
  }

  /** Each combination as indices into {@link #values}, in point order. */
  private List<int[]> combinations() {
    List<int[]> out = new ArrayList<>();
    int k = names.size();
    if (mode.equals("zipped")) {
      for (int i = 0; i < values.get(0).size(); i++) {
        int[] c = new int[k];
        Arrays.fill(c, i);
        out.add(c);
      }
      return out;
    }
    int[] c = new int[k];
    while (true) {
      out.add(c.clone());
      int p = k - 1;
      while (p >= 0 && ++c[p] == values.get(p).size()) {
        c[p] = 0;
        p--;
      }
      if (p < 0) {
        return out;
      }
    }
  }

  /**
   * Every point, in order: each combination {@link #repetitions} times, seeds from {@code seed}.
   */
  public List<Point> points(long seed) {
    List<Point> out = new ArrayList<>();
    for (int[] c : combinations()) {
      Map<String, String> params = new LinkedHashMap<>();
      Map<String, String> where = new LinkedHashMap<>();
      for (int p = 0; p < names.size(); p++) {
        params.put(names.get(p), values.get(p).get(c[p]));
        where.put(names.get(p), valueLocations.get(p).get(c[p]));
      }
      for (int r = 0; r < repetitions; r++) {
        out.add(
            new Point(
                out.size(),
                Collections.unmodifiableMap(params),
                Collections.unmodifiableMap(where),
                seed + r));
      }
    }
    return out;
  }
}
