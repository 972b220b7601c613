package io.partita.check;

import java.util.Locale;

/**
 * {@code error} (the default) blocks publish and quarantines the partition; {@code warn} records
 * and publishes.
 */
public enum Severity {
  ERROR,
  WARN;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
