package io.vioemu.fabric.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, range-checked access to a model's string parameters, through the model's declarations
 * ({@link ParamSpec}): a name no declaration has is refused, a missing value is the declared
 * default, and a value outside the declared range or choices is refused. Every failure is a {@link
 * ModelParameterException} naming the parameter, so the experiment layer can point at its line.
 *
 * <p>A declared name may be a pattern: a segment {@code *} (segments are separated by dots) stands
 * for any one segment, so {@code flow.*.startPs} admits {@code flow.3.startPs} but not {@code
 * flow.startPs} or {@code flow.3.4.startPs}. Which values the star may take is the model's to check
 * (see {@link #namesMatching} and {@link #star}).
 */
public final class ModelParams {
  private static final String STAR = "*";

  private final Map<String, String> params;

  /** Also rejects any parameter not declared in {@code specs}, suggesting the closest name. */
  public ModelParams(String model, Map<String, String> params, List<ParamSpec> specs) {
    this.params = params;
    Set<String> known = new TreeSet<>();
    specs.forEach(s -> known.add(s.name()));
    for (String key : params.keySet()) {
      if (!isKnown(key, known)) {
        String suggestion = closest(key, known);
        throw new ModelParameterException(
            key,
            "unknown "
                + model
                + " parameter '"
                + key
                + "'"
                + (suggestion == null ? "" : ", did you mean '" + suggestion + "'?")
                + " (known: "
                + known
                + ")");
      }
    }
  }

  private static boolean isKnown(String key, Set<String> known) {
    if (known.contains(key)) {
      return true;
    }
    for (String k : known) {
      if (k.contains(STAR) && matches(k, key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code name} is {@code pattern} with each {@code *} segment replaced by one segment.
   */
  public static boolean matches(String pattern, String name) {
    String[] p = pattern.split("\\.", -1);
    String[] n = name.split("\\.", -1);
    if (p.length != n.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      boolean ok = p[i].equals(STAR) ? !n[i].isEmpty() : p[i].equals(n[i]);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The given parameters that match {@code pattern}, in name order. */
  public List<String> namesMatching(String pattern) {
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(params.keySet())) {
      if (matches(pattern, key)) {
        out.add(key);
      }
    }
    return out;
  }

  /** What the first {@code *} of {@code pattern} stands for in {@code name} (which matches it). */
  public static String star(String pattern, String name) {
    String[] p = pattern.split("\\.", -1);
    String[] n = name.split("\\.", -1);
    for (int i = 0; i < p.length && i < n.length; i++) {
      if (p[i].equals(STAR)) {
        return n[i];
      }
    }
    throw new IllegalArgumentException("'" + pattern + "' has no * segment for '" + name + "'");
  }

  /**
   * The known name closest to {@code key} by edit distance, if close enough to be a misspelling; a
   * pattern competes with its stars filled from {@code key}'s own segments.
   */
  static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : new TreeSet<>(known)) {
      String candidate = k.contains(STAR) ? fillStars(k, key) : k;
      int d = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static String fillStars(String pattern, String key) {
    String[] p = pattern.split("\\.", -1);
    String[] n = key.split("\\.", -1);
    if (p.length != n.length) {
      return pattern;
    }
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals(STAR)) {
        p[i] = n[i];
      }
    }
    return String.join(".", p);
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Whether the parameter was given (for those whose absence means something of its own). */
  public boolean has(ParamSpec spec) {
    return params.containsKey(spec.name());
  }

  /** The given parameters that match the pattern {@code spec}, in name order. */
  public List<String> namesMatching(ParamSpec spec) {
    return namesMatching(spec.name());
  }

  /** The declared integer or duration, its default when absent. */
  public long getLong(ParamSpec spec) {
    return getLong(spec, Long.parseLong(declaredDefault(spec)));
  }

  /**
   * The integer or duration whose default the model computes ({@link ParamSpec#computedDefault}).
   */
  public long getLong(ParamSpec spec, long defaultValue) {
    return readLong(spec.name(), spec, defaultValue);
  }

  /** The value of {@code name}, a parameter the pattern {@code spec} matches. */
  public long getLong(ParamSpec spec, String name) {
    if (!matches(spec.name(), name)) {
      throw new IllegalArgumentException("'" + name + "' does not match '" + spec.name() + "'");
    }
    return readLong(name, spec, Long.parseLong(declaredDefault(spec)));
  }

  public int getInt(ParamSpec spec) {
    return (int) getLong(spec);
  }

  public int getInt(ParamSpec spec, int defaultValue) {
    return (int) getLong(spec, defaultValue);
  }

  private long readLong(String name, ParamSpec spec, long defaultValue) {
    String raw = params.get(name);
    long v;
    try {
      v = raw == null ? defaultValue : Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ModelParameterException(name, name + " must be an integer, was '" + raw + "'");
    }
    if (v < spec.min() || v > spec.max()) {
      throw new ModelParameterException(
          name, name + " must be within " + spec.min() + ".." + spec.max() + ", was " + v);
    }
    return v;
  }

  /** The declared decimal number, its default when absent. */
  public double getDouble(ParamSpec spec) {
    String name = spec.name();
    String raw = params.get(name);
    double v;
    try {
      v = Double.parseDouble(raw == null ? declaredDefault(spec) : raw);
    } catch (NumberFormatException e) {
      throw new ModelParameterException(name, name + " must be a number, was '" + raw + "'");
    }
    double min = spec.min();
    double max = spec.max();
    if (!(v >= min && v <= max)) {
      throw new ModelParameterException(
          name, name + " must be within " + min + ".." + max + ", was " + v);
    }
    return v;
  }

  /** The text of a table ({@link ParamSpec.Type#TABLE}), empty when absent. */
  public String getTable(ParamSpec spec) {
    if (spec.type() != ParamSpec.Type.TABLE) {
      throw new IllegalArgumentException(spec.name() + " is not a table");
    }
    return params.getOrDefault(spec.name(), declaredDefault(spec)).trim();
  }

  /** {@code true} or {@code false}, nothing else. */
  public boolean getBoolean(ParamSpec spec) {
    String name = spec.name();
    String raw = params.get(name);
    if (raw == null) {
      return Boolean.parseBoolean(declaredDefault(spec));
    }
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new ModelParameterException(name, name + " must be true or false, was '" + raw + "'");
  }

  /** One of the declared choices, spelled exactly; the declared default when absent. */
  public String getChoice(ParamSpec spec) {
    return getChoice(spec, declaredDefault(spec));
  }

  /** One of the declared choices; {@code defaultValue}, computed by the model, when absent. */
  public String getChoice(ParamSpec spec, String defaultValue) {
    String name = spec.name();
    return checkedChoice(spec, name, params.getOrDefault(name, defaultValue));
  }

  /**
   * The value of {@code name}, a parameter the pattern {@code spec} matches: one of its choices.
   */
  public String choiceOf(ParamSpec spec, String name) {
    if (!matches(spec.name(), name)) {
      throw new IllegalArgumentException("'" + name + "' does not match '" + spec.name() + "'");
    }
    return checkedChoice(spec, name, params.getOrDefault(name, declaredDefault(spec)));
  }

  private static String checkedChoice(ParamSpec spec, String name, String raw) {
    if (!spec.choices().contains(raw)) {
      throw new ModelParameterException(
          name, name + " must be one of " + spec.choices() + ", was '" + raw + "'");
    }
    return raw;
  }

  private static String declaredDefault(ParamSpec spec) {
    if (spec.defaultValue() == null) {
      throw new IllegalStateException(
          spec.name() + " has a computed default: pass it (" + spec.defaultNote() + ")");
    }
    return spec.defaultValue();
  }

  /** For the model's own cross-parameter checks. */
  public ModelParameterException invalid(ParamSpec spec, String message) {
    return new ModelParameterException(spec.name(), message);
  }

  /** For the model's own cross-parameter checks. */
  public ModelParameterException invalid(String name, String message) {
    return new ModelParameterException(name, message);
  }
}
