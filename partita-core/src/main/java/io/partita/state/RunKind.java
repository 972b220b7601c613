package io.partita.state;

import java.util.Locale;

/** What started a run. */
public enum RunKind {
  BACKFILL,
  SCHEDULED,
  CATCHUP,
  /** Restored the partitions another run published ({@code partita rollback --run}). */
  ROLLBACK;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
