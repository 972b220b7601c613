package io.partita.plan;

import io.partita.PartitaException;
import java.util.Locale;

/** Which partitions of the selection a backfill runs. */
public enum Reprocess {
  /** Every selected partition (the default for explicit ranges). */
  ALL,
  /** Only partitions that never succeeded. */
  MISSING,
  /** Only partitions whose last attempt failed. */
  FAILED;

  public static Reprocess parse(String text) {
    for (Reprocess value : values()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw PartitaException.user("Unknown --reprocess '%s': use all, missing or failed", text);
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
