package io.vioemu.lang;

import java.util.List;

/**
 * A section key's value as the language sees it: its type and unit in the file, the smallest value,
 * the choices, the default as the reference shows it and a one-line doc. For a key that sets a
 * model parameter it is derived from the model's declaration ({@link
 * io.vioemu.fabric.kernel.ParamSpec}, by {@link ModelDeclarations}); a key the loader reads itself
 * declares it in {@link SectionKey}. The loader checks values against it, and the language's
 * reference (the JSON schema, the README's tables) is rendered from it by {@link
 * LanguageReference}.
 *
 * @param name the model parameter a value sets, or null for a key the loader itself reads ({@code
 *     placement.strategy})
 * @param kind the value's type, and its unit in the file
 * @param min the smallest value accepted, in the file's unit (numbers only)
 * @param choices the values accepted ({@link Kind#CHOICE} and {@link Kind#BOOL} only)
 * @param defaultText the default as the reference shows it, in the file's unit ({@code `2`}, "the
 *     model's", "required"), or empty while undocumented
 * @param doc what the value means, in one line (empty while undocumented)
 */
public record ParamDecl(
    String name, Kind kind, long min, List<String> choices, String defaultText, String doc) {

  public ParamDecl {
    choices = List.copyOf(choices);
  }

  /** How a value is read, checked and written as a parameter. */
  public enum Kind {
    /** An integer, written as it is. */
    COUNT(1, "integer"),
    /** Microseconds, written as picoseconds. */
    MICROS(1_000_000, "µs"),
    /** Nanoseconds, written as picoseconds. */
    NANOS(1_000, "ns"),
    /** {@code true} or {@code false}. */
    BOOL(1, ""),
    /** One of {@link ParamDecl#choices}. */
    CHOICE(1, ""),
    /** A file-system path (only {@code outputs.dir}). */
    PATH(1, "path"),
    /**
     * A table: a list of rows of two numbers ({@code [[10000, 0.15], [20000, 0.2]]}), written as
     * {@code 10000:0.15,20000:0.2}; the model checks the rows.
     */
    TABLE(1, "table");

    /** Picoseconds (or units) per unit of the file's value. */
    final long factor;

    /** How the reference names the unit ("µs"), or the type when it has none ("integer"). */
    final String unit;

    Kind(long factor, String unit) {
      this.factor = factor;
      this.unit = unit;
    }
  }
}
