package io.vioemu.report;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Axis tick labels that do not depend on the JVM's locale (a report must read the same, byte for
 * byte, wherever it is built): {@link Numbers#tick}.
 */
final class TickFormat extends NumberFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
    return to.append(Numbers.tick(number));
  }

  @Override
  public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
    return to.append(Numbers.tick(number));
  }

  @Override
  public Number parse(String source, ParsePosition pos) {
    // Axes only format; nothing parses tick labels back.
    throw new UnsupportedOperationException("tick labels are not parsed");
  }
}
