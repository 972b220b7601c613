package io.partita.check;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Numbers in check messages: short, exact for small decimals, never scientific notation. */
final class Format {
  private Format() {}

  /** {@code 0.031}, {@code 0.0}, {@code 2.0}, {@code 1234.5678}: 4 significant digits below 1. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    BigDecimal decimal = BigDecimal.valueOf(value);
    decimal =
        Math.abs(value) >= 1
            ? decimal.setScale(4, RoundingMode.HALF_UP)
            : decimal.round(new MathContext(4, RoundingMode.HALF_UP));
    String text = decimal.stripTrailingZeros().toPlainString();
    return text.contains(".") ? text : text + ".0";
  }

  static String count(long value) {
    return Long.toString(value);
  }
}
