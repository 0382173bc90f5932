package io.vioemu.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * The result of one reference check.
 *
 * @param id the reference's id
 * @param description what it checks, or empty
 * @param source where the expected value comes from, or empty
 * @param metric the metric checked, or empty when the entry was unusable
 * @param comparison how x is computed, in words ("ratio to io.iommu=off", "value")
 * @param aggregate each, min, max or mean; empty when the entry was unusable
 * @param expected the expected value, or null when the entry was unusable
 * @param tolerance the tolerance, or null when the entry was unusable
 * @param measured every x measured, with the point it came from
 * @param aggregated the aggregate of the x's (null for {@code each}, or when not evaluable)
 * @param verdict pass, fail, or not evaluable
 * @param explanation the verdict in plain words
 */
public record ReferenceOutcome(
    String id,
    String description,
    String source,
    String metric,
    String comparison,
    String aggregate,
    BigDecimal expected,
    BigDecimal tolerance,
    List<Measurement> measured,
    BigDecimal aggregated,
    Verdict verdict,
    String explanation) {

  public ReferenceOutcome {
    measured = List.copyOf(measured);
  }

  /** An entry of the reference list that cannot be checked, and why. */
  static ReferenceOutcome unusable(String id, String description, String source, String why) {
    return new ReferenceOutcome(
        id,
        description,
        source,
        "",
        "",
        "",
        null,
        null,
        List.of(),
        null,
        Verdict.NOT_EVALUABLE,
        why);
  }

  /** One x: the measured value (or ratio) at one point. */
  public record Measurement(String point, BigDecimal x, boolean within) {}

  /** A check's outcome. */
  public enum Verdict {
    PASS("PASS"),
    FAIL("FAIL"),
    NOT_EVALUABLE("NOT-EVALUABLE");

    private final String word;

    Verdict(String word) {
      this.word = word;
    }

    /** As printed: PASS, FAIL or NOT-EVALUABLE. */
    public String word() {
      return word;
    }
  }

  /** {@code expected ± tolerance}, or empty when the entry was unusable. */
  public String expectation() {
    if (expected == null || tolerance == null) {
      return "";
    }
    return Numbers.display(expected) + " \u00b1 " + Numbers.display(tolerance);
  }

  /** One line for a terminal: verdict, id, and why. */
  public String summaryLine() {
    return verdict.word() + " " + id + ": " + explanation;
  }
}
