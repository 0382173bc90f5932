package io.vioemu.lang;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code schedule} section: timed events that start and stop the workload's flows, and (on
 * {@code netperf-cluster}) fail and recover switches and links: {@code fail: spine0} lowers to
 * {@code fault.spine0.failPs}, {@code recover: leaf0-spine1} to {@code
 * fault.leaf0-spine1.recoverPs}; the model checks that the target exists. {@code start: all} and
 * {@code stop: all} lower to {@code startPs} and {@code stopPs} (the stagger still applies); flow
 * ids lower to {@code flow.<id>.startPs} and {@code flow.<id>.stopPs}. Ids are checked against the
 * flows the workload has.
 *
 * @param lowered the parameters, in the file's order
 * @param idsAt "file:line:column: " of the first flow id named, or null if only {@code all} is used
 *     (then the flows may vary across a sweep)
 */
record Schedule(List<Sections.Lowered> lowered, String idsAt) {
  static final List<String> KEYS = List.of("atUs", "start", "stop", "fail", "recover", "migrate");
  static final List<String> ACTIONS = List.of("start", "stop", "fail", "recover", "migrate");

  /** The fields of a {@code migrate} event, lowered to {@code migration.<n>.<field>}. */
  static final List<String> MIGRATE_KEYS =
      List.of(
          "vm",
          "to",
          "mode",
          "maxRounds",
          "stopPages",
          "maxDowntimeUs",
          "maxBandwidthBitsPerSec",
          "workingSetPages",
          "writesPerSec",
          "seed",
          "vfUnplug",
          "trackDmaWrites");

  /** The fields of a {@code migrate} event given as words, not numbers. */
  private static final Set<String> WORD_KEYS = Set.of("mode", "vfUnplug", "trackDmaWrites");

  /** The models whose VMs migrate. */
  static final Set<String> MIGRATE_MODELS = SectionKey.NETPERF;

  /** The actions on the fabric, and the models that have them. */
  static final List<String> FAULTS = List.of("fail", "recover");

  static final Set<String> FAULT_MODELS = SectionKey.CLUSTER;

  /**
   * A switch or link name, as netperf-cluster names them ({@code spine0}, {@code leaf0-spine1}).
   */
  private static final String TARGET = "[A-Za-z][A-Za-z0-9]*(-[A-Za-z][A-Za-z0-9]*)?";

  /** The parameters that decide which flows exist; flow ids in a schedule fix them. */
  static final List<String> FLOW_SHAPE =
      List.of("hosts", "senders", "flowsPerHost", "incastHost", "pairing");

  private static final long PS_PER_US = 1_000_000L;

  /** The flows of netperf-star: {@code host * flowsPerHost + j} for each client host. */
  record Flows(int hosts, int senders, int flowsPerHost, int incastHost, boolean local) {
    /** The flows the parameters give, or null if one of them is not a number (the model says). */
    static Flows of(Map<String, String> params) {
      try {
        return new Flows(
            intOf(params, "hosts", 2),
            intOf(params, "senders", 1),
            intOf(params, "flowsPerHost", 1),
            intOf(params, "incastHost", -1),
            "local".equals(params.get("pairing")));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static int intOf(Map<String, String> params, String name, int fallback) {
      String v = params.get(name);
      return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    boolean exists(long id) {
      if (id < 0 || flowsPerHost < 1 || hosts < 1) {
        return false;
      }
      long host = id / flowsPerHost;
      if (host >= senders || host >= hosts) {
        return false;
      }
      long dst = local ? host : incastHost >= 0 ? incastHost : (host + 1) % hosts;
      return local || dst != host;
    }

    /** The ids, listed if there are few. */
    String describe() {
      List<Long> ids = new ArrayList<>();
      long bound = Math.min((long) senders * flowsPerHost, (long) hosts * flowsPerHost);
      for (long id = 0; id < bound && ids.size() <= 16; id++) {
        if (exists(id)) {
          ids.add(id);
        }
      }
      String list = ids.size() > 16 ? "ids up to " + (bound - 1) : ids.toString();
      return "the workload has flows "
          + list
          + " (id = host * flowsPerHost + j for client hosts 0.."
          + (senders - 1)
          + ", flowsPerHost "
          + flowsPerHost
          + ")";
    }
  }

  /**
   * Reads and lowers the schedule.
   *
   * @param params the parameters every other part of the file sets (defaults left out): they decide
   *     which flows exist
   */
  static Schedule lower(
      String label, Node node, long endUs, Map<String, String> params, String model) {
    SequenceNode list = sequence(label, node);
    // netperf-cluster's flows come from its pattern: the model checks their ids
    Flows flows = FAULT_MODELS.contains(model) ? null : Flows.of(params);
    Map<String, Sections.Lowered> out = new LinkedHashMap<>();
    String idsAt = null;
    int migrations = 0;
    int i = 0;
    for (Node entry : list.getValue()) {
      String field = "schedule[" + i++ + "]";
      MappingNode m = YamlFields.mapping(label, entry, field);
      Map<String, Node> f = YamlFields.fields(label, m, KEYS, field + ".");
      long atUs =
          YamlFields.number(
              label, YamlFields.require(label, m, f, "atUs", field + "."), field + ".atUs", 0);
      if (atUs >= endUs) {
        throw new UsageException(
            YamlFields.at(label, f.get("atUs"))
                + "field '"
                + field
                + ".atUs': "
                + atUs
                + " us is not before endUs ("
                + endUs
                + "): the event would never happen");
      }
      List<String> actions = ACTIONS.stream().filter(f::containsKey).toList();
      if (actions.size() != 1) {
        throw new UsageException(
            YamlFields.at(label, m)
                + "field '"
                + field
                + "': expected exactly one of "
                + ACTIONS
                + (actions.isEmpty() ? "" : ", got " + actions));
      }
      String action = actions.get(0);
      if (FAULTS.contains(action)) {
        fault(label, f.get(action), field + "." + action, action, atUs, model, out);
        continue;
      }
      if (action.equals("migrate")) {
        migrate(label, f.get(action), field + ".migrate", atUs, model, migrations++, out);
        continue;
      }
      String at = event(label, f.get(action), field + "." + action, action, atUs, flows, out);
      if (idsAt == null) {
        idsAt = at;
      }
    }
    checkOrder(out);
    checkFaults(out);
    return new Schedule(List.copyOf(out.values()), idsAt);
  }

  /** Lowers one {@code fail} or {@code recover} of a switch or link. */
  private static void fault(
      String label,
      Node value,
      String field,
      String action,
      long atUs,
      String model,
      Map<String, Sections.Lowered> out) {
    String where = YamlFields.at(label, value);
    requireModel(where, field, model, FAULT_MODELS, "has no fabric to fail; " + action);
    String target = YamlFields.scalar(label, value, field);
    if (!target.matches(TARGET)) {
      throw new UsageException(
          where
              + "field '"
              + field
              + "': expected a switch (spine0, leaf3, core1) or a link (leaf0-spine1,"
              + " host3-leaf0), got '"
              + target
              + "'");
    }
    put(
        out,
        "fault." + target + "." + action + "Ps",
        atUs * PS_PER_US,
        field,
        where,
        action,
        target);
  }

  /**
   * Lowers one {@code migrate}: the n-th of the file to {@code migration.<n>.atPs} and a parameter
   * per field; the model checks the VM and the hosts (each error then points at its field).
   */
  private static void migrate(
      String label,
      Node value,
      String field,
      long atUs,
      String model,
      int n,
      Map<String, Sections.Lowered> out) {
    String where = YamlFields.at(label, value);
    requireModel(where, field, model, MIGRATE_MODELS, "has no VMs to migrate; migrate");
    if (!(value instanceof MappingNode m)) {
      throw new UsageException(
          where + "field '" + field + "': expected a mapping such as {vm: 0, to: 2}");
    }
    Map<String, Node> f = YamlFields.fields(label, m, MIGRATE_KEYS, field + ".");
    String prefix = "migration." + n + ".";
    YamlFields.require(label, m, f, "vm", field + ".");
    YamlFields.require(label, m, f, "to", field + ".");
    out.put(
        prefix + "atPs",
        new Sections.Lowered(prefix + "atPs", Long.toString(atUs * PS_PER_US), field, where));
    for (String key : MIGRATE_KEYS) {
      Node node = f.get(key);
      if (node == null) {
        continue;
      }
      String sub = field + "." + key;
      String at = YamlFields.at(label, node);
      String v =
          WORD_KEYS.contains(key)
              ? YamlFields.scalar(label, node, sub)
              : key.equals("maxBandwidthBitsPerSec")
                  ? bitsPerSec(label, node, sub)
                  : Long.toString(YamlFields.number(label, node, sub, 0));
      String param = prefix + key;
      if (key.equals("maxDowntimeUs")) {
        param = prefix + "maxDowntimePs";
        v = Long.toString(Math.multiplyExact(Long.parseLong(v), PS_PER_US));
      }
      out.put(param, new Sections.Lowered(param, v, sub, at));
    }
  }

  /** A rate, written as an integer or as 1e9: a whole number of bits per second. */
  private static String bitsPerSec(String label, Node node, String field) {
    String v = YamlFields.scalar(label, node, field).replace("_", "");
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() < 0) {
        throw new ArithmeticException();
      }
      return Long.toString(d.longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': expected a whole number of bits per second (1e9 or 1_000_000_000), got '"
              + v
              + "'");
    }
  }

  /** An event that only {@code models} have; {@code lacks} says what the model lacks. */
  private static void requireModel(
      String where, String field, String model, Set<String> models, String lacks) {
    if (!models.contains(model)) {
      throw new UsageException(
          where
              + "field '"
              + field
              + "': model '"
              + model
              + "' "
              + lacks
              + " applies to "
              + models);
    }
  }

  /** A switch or link recovers only after it failed. */
  private static void checkFaults(Map<String, Sections.Lowered> out) {
    for (Sections.Lowered recover : out.values()) {
      String p = recover.param();
      if (!p.startsWith("fault.") || !p.endsWith(".recoverPs")) {
        continue;
      }
      String target = p.substring("fault.".length(), p.length() - ".recoverPs".length());
      Sections.Lowered fail = out.get("fault." + target + ".failPs");
      if (fail == null) {
        throw new UsageException(
            recover.location()
                + "field '"
                + recover.field()
                + "': "
                + target
                + " recovers but never fails; add a fail event before it");
      }
      long failPs = Long.parseLong(fail.value());
      long recoverPs = Long.parseLong(recover.value());
      if (recoverPs <= failPs) {
        throw new UsageException(
            recover.location()
                + "field '"
                + recover.field()
                + "': "
                + target
                + " would recover at "
                + recoverPs / PS_PER_US
                + " us, not after it fails at "
                + failPs / PS_PER_US
                + " us (by '"
                + fail.field()
                + "' at "
                + fail.location().replaceAll(": $", "")
                + ")");
      }
    }
  }

  private static SequenceNode sequence(String label, Node node) {
    if (node instanceof SequenceNode s) {
      return s;
    }
    YamlFields.checkTag(label, node, "schedule");
    throw new UsageException(
        YamlFields.at(label, node)
            + "field 'schedule': expected a list of events, e.g. - {atUs: 0, start: all}");
  }

  /**
   * Lowers one {@code start} or {@code stop}; returns where its first flow id is, or null for
   * {@code all}.
   */
  private static String event(
      String label,
      Node value,
      String field,
      String action,
      long atUs,
      Flows flows,
      Map<String, Sections.Lowered> out) {
    long ps = atUs * PS_PER_US; // atUs < endUs, whose picoseconds fit a long
    String where = YamlFields.at(label, value);
    if (value instanceof ScalarNode s && s.getValue().equals("all")) {
      put(out, action + "Ps", ps, field, where, action, "all flows");
      return null;
    }
    List<Node> ids = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
    if (ids.isEmpty()) {
      throw new UsageException(
          where + "field '" + field + "': expected 'all', a flow id or a list of flow ids");
    }
    int n = 0;
    for (Node idNode : ids) {
      String idField = value instanceof SequenceNode ? field + "[" + n++ + "]" : field;
      long id = flowId(label, idNode, idField);
      if (flows != null && !flows.exists(id)) {
        throw new UsageException(
            YamlFields.at(label, idNode)
                + "field '"
                + idField
                + "': no flow "
                + id
                + "; "
                + flows.describe());
      }
      String flow = "flow " + id;
      String at = YamlFields.at(label, idNode);
      put(out, "flow." + id + "." + action + "Ps", ps, idField, at, action, flow);
    }
    return YamlFields.at(label, ids.get(0));
  }

  private static long flowId(String label, Node node, String field) {
    String v = YamlFields.scalar(label, node, field);
    if (v.equals("all")) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': 'all' stands alone (start: all), not in a list of flow ids");
    }
    if (!v.replace("_", "").matches("[+]?[0-9]+")) {
      throw new UsageException(
          YamlFields.at(label, node)
              + "field '"
              + field
              + "': expected 'all', a flow id (an integer >= 0) or a list of flow ids, got '"
              + v
              + "'");
    }
    return YamlFields.number(label, node, field, 0, Integer.MAX_VALUE);
  }

  private static void put(
      Map<String, Sections.Lowered> out,
      String param,
      long ps,
      String field,
      String where,
      String action,
      String what) {
    Sections.Lowered before = out.get(param);
    if (before != null) {
      throw new UsageException(
          where
              + "field '"
              + field
              + "': "
              + what
              + (what.equals("all flows") ? " are " : " is ")
              + action
              + (action.equals("stop") ? "ped" : "ed")
              + " twice (also by '"
              + before.field()
              + "' at "
              + before.location().replaceAll(": $", "")
              + ")");
    }
    out.put(param, new Sections.Lowered(param, Long.toString(ps), field, where));
  }

  /**
   * Each flow must stop after it starts, as far as the schedule says: a flow's own event, else the
   * one for all flows (the stagger is not counted).
   */
  private static void checkOrder(Map<String, Sections.Lowered> out) {
    Set<String> prefixes = new LinkedHashSet<>();
    prefixes.add("");
    for (String p : out.keySet()) {
      if (p.startsWith("flow.")) {
        prefixes.add(p.substring(0, p.lastIndexOf('.') + 1));
      }
    }
    for (String prefix : prefixes) {
      Sections.Lowered start = out.getOrDefault(prefix + "startPs", out.get("startPs"));
      Sections.Lowered stop = out.getOrDefault(prefix + "stopPs", out.get("stopPs"));
      if (start == null || stop == null) {
        continue;
      }
      long startPs = Long.parseLong(start.value());
      long stopPs = Long.parseLong(stop.value());
      if (stopPs <= startPs) {
        String what = prefix.isEmpty() ? "all flows" : "flow " + prefix.split("\\.")[1];
        throw new UsageException(
            stop.location()
                + "field '"
                + stop.field()
                + "': "
                + what
                + " would stop at "
                + stopPs / PS_PER_US
                + " us, not after "
                + (prefix.isEmpty() ? "their" : "its")
                + " start at "
                + startPs / PS_PER_US
                + " us (by '"
                + start.field()
                + "' at "
                + start.location().replaceAll(": $", "")
                + ")");
      }
    }
  }
}
