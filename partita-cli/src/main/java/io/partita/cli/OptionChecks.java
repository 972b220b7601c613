package io.partita.cli;

import io.partita.PartitaException;
import java.time.Duration;

/** Bounds of numeric and duration options, checked before a command opens anything. */
final class OptionChecks {
  private OptionChecks() {}

  /** {@code value} when it is at least {@code min}; else a USER error naming the option. */
  static int atLeast(String option, int value, int min) {
    if (value < min) {
      throw PartitaException.user("%s must be at least %d, got %d", option, min, value);
    }
    return value;
  }

  /** {@code value} when it is at least {@code min}; else a USER error naming the option. */
  static Duration atLeast(String option, Duration value, Duration min, String text) {
    if (value.compareTo(min) < 0) {
      throw PartitaException.user(
          "%s must be at least %s, got '%s'",
          option, io.partita.config.Durations.format(min), text);
    }
    return value;
  }
}
