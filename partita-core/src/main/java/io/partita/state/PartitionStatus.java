package io.partita.state;

import java.util.Locale;

/** The latest state of one (asset, partition), as shown in the status grid. */
public enum PartitionStatus {
  SUCCEEDED,
  FAILED,
  FAILED_CHECKS,
  RUNNING,
  QUEUED,
  MISSING,
  /**
   * Shown, never stored: the partition was queued or running in a run whose process died; {@code
   * partita resume ID} finishes it.
   */
  INTERRUPTED;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PartitionStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
