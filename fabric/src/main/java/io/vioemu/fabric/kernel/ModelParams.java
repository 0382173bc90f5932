package io.vioemu.fabric.kernel;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, range-checked access to a model's string parameters. Every failure is a {@link
 * ModelParameterException} naming the parameter, so the experiment layer can point at its line.
 */
public final class ModelParams {
  private final Map<String, String> params;

  /** Also rejects any parameter not in {@code known}. */
  public ModelParams(String model, Map<String, String> params, Set<String> known) {
    this.params = params;
    for (String key : params.keySet()) {
      if (!known.contains(key)) {
        throw new ModelParameterException(
            key,
            "unknown " + model + " parameter '" + key + "' (known: " + new TreeSet<>(known) + ")");
      }
    }
  }

  public long getLong(String name, long defaultValue, long min, long max) {
    String raw = params.get(name);
    long v;
    try {
      v = raw == null ? defaultValue : Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ModelParameterException(name, name + " must be an integer, was '" + raw + "'");
    }
    if (v < min || v > max) {
      throw new ModelParameterException(
          name, name + " must be within " + min + ".." + max + ", was " + v);
    }
    return v;
  }

  public int getInt(String name, int defaultValue, int min, int max) {
    return (int) getLong(name, defaultValue, min, max);
  }

  public double getDouble(String name, double defaultValue, double min, double max) {
    String raw = params.get(name);
    double v;
    try {
      v = raw == null ? defaultValue : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new ModelParameterException(name, name + " must be a number, was '" + raw + "'");
    }
    if (!(v >= min && v <= max)) {
      throw new ModelParameterException(
          name, name + " must be within " + min + ".." + max + ", was " + v);
    }
    return v;
  }

  /** {@code true} or {@code false}, nothing else. */
  public boolean getBoolean(String name, boolean defaultValue) {
    String raw = params.get(name);
    if (raw == null) {
      return defaultValue;
    }
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new ModelParameterException(name, name + " must be true or false, was '" + raw + "'");
  }

  /** One of {@code choices}, spelled exactly. */
  public String getChoice(String name, String defaultValue, java.util.List<String> choices) {
    String raw = params.getOrDefault(name, defaultValue);
    if (!choices.contains(raw)) {
      throw new ModelParameterException(
          name, name + " must be one of " + choices + ", was '" + raw + "'");
    }
    return raw;
  }

  /** For the model's own cross-parameter checks. */
  public ModelParameterException invalid(String name, String message) {
    return new ModelParameterException(name, message);
  }
}
