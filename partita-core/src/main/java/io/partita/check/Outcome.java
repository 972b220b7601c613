package io.partita.check;

import java.util.Locale;

/** The verdict of one check on one partition attempt. */
public enum Outcome {
  PASSED,
  /** Crossed a warn threshold, or failed a check of severity warn: published and recorded. */
  WARNED,
  /** Failed a check of severity error: the partition is not published. */
  FAILED,
  /** Could not be evaluated yet, e.g. not enough trailing history; the message says why. */
  SKIPPED;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
