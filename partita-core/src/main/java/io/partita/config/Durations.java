package io.partita.config;

import io.partita.PartitaException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in partita.yaml: {@code 2d}, {@code 6h}, {@code 30m}, {@code 45s}, {@code
 * 1h30m}, {@code 0}.
 */
public final class Durations {
  /**
   * The longest duration accepted: 100 years. Longer ones overflow instants and sleeps when added
   * to the current time; no retention, timeout or backoff needs more.
   */
  public static final Duration MAX = Duration.ofDays(36_500);

  private static final Pattern WHOLE = Pattern.compile("(\\d+(d|h|ms|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(d|h|ms|m|s)");

  private Durations() {}

  /** Parses {@code text}; {@code key} names the setting in the error message. */
  public static Duration parse(String key, String text) {
    String value = text.strip();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(value).matches()) {
      String hint = value.startsWith("-") ? "durations cannot be negative" : "unreadable duration";
      throw PartitaException.user(
          "'%s': %s '%s': write a number with a unit, like 2d, 6h, 30m or 45s", key, hint, value);
    }
    Duration result = Duration.ZERO;
    Matcher matcher = PART.matcher(value);
    try {
      while (matcher.find()) {
        long amount = Long.parseLong(matcher.group(1));
        result =
            result.plus(
                switch (matcher.group(2)) {
                  case "d" -> Duration.ofDays(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  default -> Duration.ofMillis(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw tooLarge(key, value);
    }
    if (result.compareTo(MAX) > 0) {
      throw tooLarge(key, value);
    }
    return result;
  }

  private static PartitaException tooLarge(String key, String value) {
    return PartitaException.user(
        "'%s': duration '%s' is too large: at most %s (100 years)", key, value, format(MAX));
  }

  /** The inverse of {@link #parse} for display: {@code 1h30m}, {@code 45s}, {@code 0}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    StringBuilder text = new StringBuilder();
    long days = duration.toDays();
    if (days > 0) {
      text.append(days).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }
}
