package io.vioemu.results;

import io.vioemu.report.ParamValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code reference} list of a loaded experiment file. The experiment validator refuses a
 * malformed list before anything runs; this reader still meets old or hand-edited directories, so
 * it never throws: an unusable entry becomes a {@link ParsedReference} saying why.
 */
final class ReferenceParser {
  private static final Pattern METRIC =
      Pattern.compile("results\\.\\S+|entities\\.[^.\\s]+\\.\\S+");

  private ReferenceParser() {}

  /** The entries of {@code root}'s {@code reference} list, in file order; empty when absent. */
  static List<ParsedReference> parse(Object root) {
    if (!(root instanceof Map<?, ?> top) || top.get("reference") == null) {
      return List.of();
    }
    if (!(top.get("reference") instanceof List<?> entries)) {
      return List.of(
          ParsedReference.invalid("reference", "", "", "'reference' is not a list of checks"));
    }
    List<ParsedReference> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      out.add(entry(i + 1, entries.get(i)));
    }
    return out;
  }

  private static ParsedReference entry(int position, Object entry) {
    if (!(entry instanceof Map<?, ?> m)) {
      return ParsedReference.invalid(
          "#" + position, "", "", "reference entry " + position + " is not a mapping");
    }
    String id = text(m.get("id")).orElse("#" + position);
    // A note (why the model disagrees, say) is shown with the description it qualifies.
    String description =
        text(m.get("description")).orElse("")
            + text(m.get("note")).map(n -> " Note: " + n).orElse("");
    String source = text(m.get("source")).orElse("");
    try {
      return ParsedReference.of(
          new Reference(
              text(m.get("id")).orElseThrow(() -> new Bad("it has no 'id'")),
              description,
              text(m.get("source")).orElseThrow(() -> new Bad("it has no 'source'")),
              metric(m.get("metric")),
              where(m.get("where")),
              relativeTo(m.get("relativeTo")),
              aggregate(m.get("aggregate")),
              number(m.get("value"), "value"),
              tolerance(m.get("tolerance"))));
    } catch (Bad bad) {
      return ParsedReference.invalid(
          id, description, source, "unusable check: " + bad.getMessage());
    }
  }

  private static String metric(Object v) {
    String metric = text(v).orElseThrow(() -> new Bad("it has no 'metric'"));
    if (!METRIC.matcher(metric).matches()) {
      throw new Bad("'metric' is '" + metric + "', expected results.<key> or entities.<id>.<key>");
    }
    return metric;
  }

  private static Map<String, List<String>> where(Object v) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new Bad("'where' is not a mapping of parameter names to values");
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = String.valueOf(e.getKey());
      List<String> values = new ArrayList<>();
      if (e.getValue() instanceof List<?> list) {
        for (Object item : list) {
          values.add(scalar(item, "where." + name));
        }
        if (values.isEmpty()) {
          throw new Bad("'where." + name + "' is an empty list");
        }
      } else {
        values.add(scalar(e.getValue(), "where." + name));
      }
      out.put(name, List.copyOf(values));
    }
    return out;
  }

  private static Map<String, String> relativeTo(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
      throw new Bad("'relativeTo' is not a mapping of parameter names to values");
    }
    m.forEach(
        (k, value) -> out.put(String.valueOf(k), scalar(value, "relativeTo." + String.valueOf(k))));
    return out;
  }

  private static Reference.Aggregate aggregate(Object v) {
    if (v == null) {
      return Reference.Aggregate.EACH;
    }
    for (Reference.Aggregate a : Reference.Aggregate.values()) {
      if (a.word().equals(String.valueOf(v))) {
        return a;
      }
    }
    throw new Bad("'aggregate' is '" + v + "', expected each, min, max or mean");
  }

  private static BigDecimal tolerance(Object v) {
    BigDecimal t = number(v, "tolerance");
    if (t.signum() < 0) {
      throw new Bad("'tolerance' is " + ParamValues.plain(t) + ", expected a number >= 0");
    }
    return t;
  }

  private static BigDecimal number(Object v, String field) {
    if (v == null) {
      throw new Bad("it has no '" + field + "'");
    }
    if (v instanceof Boolean || v instanceof Map || v instanceof List) {
      throw new Bad("'" + field + "' is not a number");
    }
    return ParamValues.number(String.valueOf(v))
        .orElseThrow(() -> new Bad("'" + field + "' is '" + v + "', not a number"));
  }

  /** A parameter value, normalized: {@code 1_000}, {@code 1000} and {@code 1e3} are one value. */
  private static String scalar(Object v, String field) {
    if (v == null || v instanceof Map || v instanceof List) {
      throw new Bad("'" + field + "' is not a single value");
    }
    return ParamValues.normalize(String.valueOf(v));
  }

  private static Optional<String> text(Object v) {
    if (v == null || v instanceof Map || v instanceof List) {
      return Optional.empty();
    }
    String s = String.valueOf(v).strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** Why an entry is unusable; caught in {@link #entry}, never leaves this class. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }
}
