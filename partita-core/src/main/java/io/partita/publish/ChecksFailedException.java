package io.partita.publish;

import io.partita.ErrorCategory;
import io.partita.PartitaException;

/**
 * A staged partition failed a check of severity error: it was not published and its rows are in
 * {@code quarantine}. Not retried: the same inputs give the same data.
 */
public final class ChecksFailedException extends PartitaException {
  private final String quarantine;

  public ChecksFailedException(String message, String quarantine) {
    super(ErrorCategory.INTERNAL, message);
    this.quarantine = quarantine;
  }

  public String quarantine() {
    return quarantine;
  }
}
