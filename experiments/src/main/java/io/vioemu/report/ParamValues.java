package io.vioemu.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parameter values as comparable strings: YAML and the command line spell one number many ways
 * ({@code 1_000}, {@code 1000}, {@code 1e3}, {@code 1000.0}), and a reference must match them all.
 */
public final class ParamValues {
  private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<=[0-9a-fA-F])_+(?=[0-9a-fA-F])");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
  private static final Pattern HEX = Pattern.compile("[+-]?0x[0-9a-fA-F]+");

  private ParamValues() {}

  /** The canonical spelling: numbers in plain decimal without trailing zeros, others stripped. */
  public static String normalize(String value) {
    String v = value.strip();
    return number(v).map(ParamValues::plain).orElse(v);
  }

  /** The value as a number, if it spells one (digit groups, exponent and hex allowed). */
  public static Optional<BigDecimal> number(String value) {
    String v = DIGIT_GROUPS.matcher(value.strip()).replaceAll("");
    if (DECIMAL.matcher(v).matches()) {
      return Optional.of(new BigDecimal(v.startsWith("+") ? v.substring(1) : v));
    }
    if (HEX.matcher(v).matches()) {
      boolean negative = v.startsWith("-");
      String digits = v.substring(v.indexOf('x') + 1);
      BigInteger n = new BigInteger(digits, 16);
      return Optional.of(new BigDecimal(negative ? n.negate() : n));
    }
    return Optional.empty();
  }

  /** 1000, 0.5, -3: no exponent, no trailing zeros. */
  public static String plain(BigDecimal n) {
    BigDecimal d = n.stripTrailingZeros();
    if (d.scale() < 0) {
      d = d.setScale(0);
    }
    return d.toPlainString();
  }
}
