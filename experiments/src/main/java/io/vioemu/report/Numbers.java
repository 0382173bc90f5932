package io.vioemu.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Numbers as the report prints them: plain decimals, locale-free, at least 6 significant digits.
 */
final class Numbers {
  private static final int SIGNIFICANT = 6;

  private Numbers() {}

  /** A result value as a number, when it is one (JSON numbers; digit groups allowed). */
  static Optional<BigDecimal> parse(String value) {
    return value == null ? Optional.empty() : ParamValues.number(value);
  }

  /**
   * {@code 0.583333}, {@code 9412308905}: 6 significant digits, never fewer than the integer part
   * has (a measured count is not rounded), no exponent, no trailing zeros.
   */
  static String display(BigDecimal x) {
    int integerDigits = Math.max(x.precision() - x.scale(), 0);
    BigDecimal rounded =
        x.round(new MathContext(Math.max(SIGNIFICANT, integerDigits), RoundingMode.HALF_EVEN));
    return ParamValues.plain(rounded);
  }

  /** An axis tick: 6 significant digits, with M, G or T from a million on, so labels stay short. */
  static String tick(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    String[] suffix = {"T", "G", "M"};
    double[] scale = {1e12, 1e9, 1e6};
    for (int i = 0; i < scale.length; i++) {
      if (a >= scale[i]) {
        return short6(v / scale[i]) + suffix[i];
      }
    }
    return short6(v);
  }

  private static String short6(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).round(new MathContext(SIGNIFICANT));
    String s = ParamValues.plain(d);
    return s.equals("-0") ? "0" : s;
  }
}
