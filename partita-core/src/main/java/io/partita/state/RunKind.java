package io.partita.state;

import java.util.Locale;

/** What started a run. */
public enum RunKind {
  BACKFILL,
  SCHEDULED,
  CATCHUP;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
