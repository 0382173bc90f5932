package io.vioemu.fabric.kernel;

import java.util.List;
import java.util.Objects;

/**
 * One model parameter, declared once beside the code that reads it: its name, type (and so its
 * unit), range or choices, default and a one-line doc. {@link ModelParams} reads values through it
 * (unknown names, defaults, ranges and choices all come from here), the model's factory lists its
 * declarations ({@link ModelFactory#parameters()}), and the experiment language renders its schema
 * and README tables from them. See the package documentation for how to add one.
 *
 * @param name the parameter's name, its unit last ({@code forwardingPs}, {@code mtuBytes}); a
 *     segment {@code *} makes it a pattern ({@code flow.*.startPs}, see {@link
 *     ModelParams#matches})
 * @param type how the value is read, and its unit
 * @param min the smallest value accepted ({@link Type#INTEGER}, {@link Type#DURATION_PS}, {@link
 *     Type#DECIMAL})
 * @param max the largest value accepted (same types)
 * @param choices the values accepted ({@link Type#CHOICE}; {@code true, false} for {@link
 *     Type#BOOLEAN})
 * @param defaultValue the value when the parameter is absent, as a parameter string ({@code "2"},
 *     {@code "true"}, {@code "cubic"}); null when the model computes it from other parameters (it
 *     passes it to the getter then, and {@link #defaultNote} says how)
 * @param defaultNote how the reference shows the default when the value alone would not say it
 *     ({@code "never"} for a stop time of {@code Long.MAX_VALUE}, {@code "hosts.cores"}); empty:
 *     the value itself
 * @param doc what the value means, in one line
 */
public record ParamSpec(
    String name,
    Type type,
    long min,
    long max,
    List<String> choices,
    String defaultValue,
    String defaultNote,
    String doc) {

  /** How a value is written in the parameters, and its unit. */
  public enum Type {
    /** A whole number in the unit the name ends with (Bytes, BitsPerSec, Hz, or a count). */
    INTEGER("integer"),
    /** A duration in picoseconds; the name ends with {@code Ps}. */
    DURATION_PS("ps"),
    /** A decimal number (a probability, say). */
    DECIMAL("number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** One of {@link ParamSpec#choices}, spelled exactly. */
    CHOICE("choice"),
    /**
     * A table of rows of two numbers, written {@code x:y,x:y,...} (a size distribution's CDF:
     * {@code sizeBytes:cumulativeProbability}); the model checks the rows. Empty: no table.
     */
    TABLE("table");

    private final String unit;

    Type(String unit) {
      this.unit = unit;
    }

    /** The unit ({@code ps}), or the kind of value when the name carries the unit. */
    public String unit() {
      return unit;
    }

    /** Whether values are numbers with a range. */
    public boolean numeric() {
      return this == INTEGER || this == DURATION_PS || this == DECIMAL;
    }
  }

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    choices = List.copyOf(choices);
    defaultNote = defaultNote == null ? "" : defaultNote;
    doc = Objects.requireNonNull(doc, "doc");
    if (min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
    }
    if ((type == Type.CHOICE || type == Type.BOOLEAN) == choices.isEmpty()) {
      throw new IllegalArgumentException(name + ": choices go with CHOICE and BOOLEAN only");
    }
    if (defaultValue == null && defaultNote.isEmpty()) {
      throw new IllegalArgumentException(name + ": a computed default needs a note saying how");
    }
    if (defaultValue != null && !choices.isEmpty() && !choices.contains(defaultValue)) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " not in " + choices);
    }
  }

  /** An integer within {@code min..max}, {@code defaultValue} when absent. */
  public static ParamSpec integer(String name, long defaultValue, long min, long max, String doc) {
    return new ParamSpec(
        name, Type.INTEGER, min, max, List.of(), Long.toString(defaultValue), "", doc);
  }

  /** A duration in picoseconds within {@code minPs..maxPs}. */
  public static ParamSpec duration(
      String name, long defaultPs, long minPs, long maxPs, String doc) {
    return new ParamSpec(
        name, Type.DURATION_PS, minPs, maxPs, List.of(), Long.toString(defaultPs), "", doc);
  }

  /** A decimal number within {@code min..max}. */
  public static ParamSpec decimal(
      String name, double defaultValue, long min, long max, String doc) {
    return new ParamSpec(
        name, Type.DECIMAL, min, max, List.of(), Double.toString(defaultValue), "", doc);
  }

  /** {@code true} or {@code false}. */
  public static ParamSpec flag(String name, boolean defaultValue, String doc) {
    return new ParamSpec(
        name,
        Type.BOOLEAN,
        0,
        0,
        List.of("true", "false"),
        Boolean.toString(defaultValue),
        "",
        doc);
  }

  /** One of {@code choices}; {@code defaultValue} is one of them. */
  public static ParamSpec choice(
      String name, String defaultValue, List<String> choices, String doc) {
    return new ParamSpec(name, Type.CHOICE, 0, 0, choices, defaultValue, "", doc);
  }

  /** A table of {@code x:y} rows ({@link Type#TABLE}), none by default. */
  public static ParamSpec table(String name, String doc) {
    return new ParamSpec(name, Type.TABLE, 0, 0, List.of(), "", "none", doc);
  }

  /**
   * The same parameter with a default the model computes from other parameters; {@code note} says
   * how, for the reference ({@code "16384 (TCP), 1024 (UDP_STREAM), 1 (RR)"}).
   */
  public ParamSpec computedDefault(String note) {
    return new ParamSpec(name, type, min, max, choices, null, note, doc);
  }

  /** The same parameter with another model's default ({@code forwardingJitterPs} of 100 ns). */
  public ParamSpec withDefault(long value) {
    return new ParamSpec(name, type, min, max, choices, Long.toString(value), "", doc);
  }

  /** The same parameter, its default shown as {@code note} ({@code "never"}). */
  public ParamSpec shownAs(String note) {
    return new ParamSpec(name, type, min, max, choices, defaultValue, note, doc);
  }

  /**
   * The same parameter with a narrower range that depends on other parameters ({@code senders} at
   * most {@code hosts}); errors keep the wording of the declared range.
   */
  public ParamSpec within(long narrowMin, long narrowMax) {
    return new ParamSpec(
        name,
        type,
        Math.max(min, narrowMin),
        Math.min(max, narrowMax),
        choices,
        defaultValue,
        defaultNote,
        doc);
  }

  /** Whether the name is a pattern ({@code flow.*.startPs}). */
  public boolean pattern() {
    return name.contains("*");
  }
}
