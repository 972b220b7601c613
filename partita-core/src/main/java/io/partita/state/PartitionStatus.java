package io.partita.state;

import java.util.Locale;

/** The latest state of one (asset, partition), as shown in the status grid. */
public enum PartitionStatus {
  SUCCEEDED,
  FAILED,
  FAILED_CHECKS,
  RUNNING,
  QUEUED,
  MISSING;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PartitionStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
