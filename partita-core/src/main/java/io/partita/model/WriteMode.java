package io.partita.model;

import io.partita.PartitaException;
import java.util.Locale;

/**
 * How a partition is published. Both are idempotent: there is no append, because re-running an
 * append duplicates rows.
 */
public enum WriteMode {
  /** Delete the partition window, insert the new rows. */
  OVERWRITE,
  /** MERGE on the asset's unique key: matched rows are updated, new rows inserted. */
  MERGE;

  public static WriteMode parse(String text) {
    for (WriteMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    if ("append".equalsIgnoreCase(text)) {
      throw PartitaException.user(
          "Write mode 'append' is not supported because re-running it duplicates rows: use overwrite or merge");
    }
    throw PartitaException.user("Unknown write mode '%s': use overwrite or merge", text);
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
