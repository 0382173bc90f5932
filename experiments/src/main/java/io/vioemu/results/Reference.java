package io.vioemu.results;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One expected value of an experiment (a paper's number), as declared in its {@code reference}
 * list: which metric, at which points, relative to which baseline, aggregated how.
 *
 * @param id unique name of the check
 * @param description what it checks, in words (may be empty)
 * @param source where the expected value comes from
 * @param metric {@code results.<key>} or {@code entities.<id>.<key>}
 * @param where params a point must have to be checked (normalized values; a list means any of)
 * @param relativeTo params that define the baseline point (normalized values); empty: absolute
 * @param aggregate how the measured values are combined before comparing
 * @param value expected value (a ratio when {@code relativeTo} is given)
 * @param tolerance allowed absolute difference, at least 0
 */
public record Reference(
    String id,
    String description,
    String source,
    String metric,
    Map<String, List<String>> where,
    Map<String, String> relativeTo,
    Aggregate aggregate,
    BigDecimal value,
    BigDecimal tolerance) {

  public Reference {
    // Insertion order is kept: the report lists conditions as the file wrote them.
    where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    relativeTo = Collections.unmodifiableMap(new LinkedHashMap<>(relativeTo));
  }

  /** How the measured values of the selected points are combined. */
  public enum Aggregate {
    /** Every value must be within tolerance. */
    EACH,
    MIN,
    MAX,
    MEAN;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** True when {@code x} is within the tolerance of the expected value (edges included). */
  public boolean accepts(BigDecimal x) {
    return x.subtract(value).abs().compareTo(tolerance) <= 0;
  }
}
