package io.vioemu.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's table of calibration constants, rendered from the built-in profiles so that it
 * cannot drift from them: how many constants of each status every profile has, each constant's
 * value and status in every profile, and each profile's sources word for word.
 */
final class CalibrationTable {
  static final String BEGIN = "<!-- calibration:begin -->";
  static final String END = "<!-- calibration:end -->";

  private CalibrationTable() {}

  /** {@code readme} with the text between the markers replaced by the rendered table. */
  static String readme(String readme) {
    int from = readme.indexOf(BEGIN);
    int to = readme.indexOf(END);
    if (from < 0 || to < from) {
      throw new IllegalStateException("README.md has no " + BEGIN + " ... " + END + " block");
    }
    return readme.substring(0, from + BEGIN.length()) + "\n" + render() + readme.substring(to);
  }

  /** The table, from {@link Profile#BUILT_IN} in that order. */
  static String render() {
    List<Profile> profiles = new ArrayList<>();
    Profile.BUILT_IN.forEach(n -> profiles.add(Profile.builtIn(n)));
    StringBuilder t = new StringBuilder();
    counts(t, profiles);
    values(t, profiles);
    for (Profile p : profiles) {
      sources(t, p);
    }
    return t.toString();
  }

  /** How many constants of each status each profile has, and all of them together. */
  static Map<String, Integer> counts(Profile p) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Profile.STATUSES.forEach(s -> out.put(s, 0));
    p.costs().values().forEach(c -> out.merge(c.status(), 1, Integer::sum));
    return out;
  }

  private static void counts(StringBuilder t, List<Profile> profiles) {
    t.append("| profile | constants |");
    Profile.STATUSES.forEach(s -> t.append(' ').append(s).append(" |"));
    t.append("\n|---|---|").append("---|".repeat(Profile.STATUSES.size())).append('\n');
    Map<String, Integer> all = new LinkedHashMap<>();
    int total = 0;
    for (Profile p : profiles) {
      t.append("| `").append(p.name()).append("` | ").append(p.costs().size()).append(" |");
      for (Map.Entry<String, Integer> e : counts(p).entrySet()) {
        t.append(' ').append(e.getValue()).append(" |");
        all.merge(e.getKey(), e.getValue(), Integer::sum);
      }
      total += p.costs().size();
      t.append('\n');
    }
    t.append("| all | ").append(total).append(" |");
    Profile.STATUSES.forEach(s -> t.append(' ').append(all.getOrDefault(s, 0)).append(" |"));
    t.append("\n\n");
  }

  private static void values(StringBuilder t, List<Profile> profiles) {
    t.append("| cost |");
    profiles.forEach(p -> t.append(" `").append(p.name()).append("` |"));
    t.append("\n|---|").append("---|".repeat(profiles.size())).append('\n');
    for (String cost : Profile.costNames()) {
      t.append("| `").append(cost).append("` |");
      for (Profile p : profiles) {
        Profile.Constant c = p.costs().get(cost);
        t.append(c == null ? " — |" : " " + c.value() + " " + c.status() + " |");
      }
      t.append('\n');
    }
    t.append('\n');
  }

  private static void sources(StringBuilder t, Profile p) {
    t.append("<details><summary><code>").append(p.name()).append("</code>: ");
    t.append(cell(p.description())).append("</summary>\n\n");
    if (!p.unsupported().isEmpty()) {
      t.append("Refused with this profile:\n\n");
      p.unsupported()
          .forEach(
              (param, values) ->
                  values.forEach(
                      (v, u) ->
                          t.append("- `")
                              .append(param)
                              .append(": ")
                              .append(v)
                              .append("`: ")
                              .append(u.reason())
                              .append('\n')));
      t.append('\n');
    }
    t.append("| cost | value | status | source |\n|---|---|---|---|\n");
    p.costs()
        .forEach(
            (cost, c) ->
                t.append("| `")
                    .append(cost)
                    .append("` | ")
                    .append(c.value())
                    .append(" | ")
                    .append(c.status())
                    .append(" | ")
                    .append(cell(c.source()))
                    .append(" |\n"));
    t.append("\n</details>\n\n");
  }

  /** Text in one table cell: one line, no column separator. */
  private static String cell(String text) {
    return text.replace("\n", " ").replace("|", "\\|").strip();
  }
}
