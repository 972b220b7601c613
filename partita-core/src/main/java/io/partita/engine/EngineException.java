package io.partita.engine;

import io.partita.ErrorCategory;
import io.partita.PartitaException;

/**
 * A task attempt failed in the engine. The message names the model file and partition. {@code
 * retryable} is false when trying again cannot help (SQL error, rows outside the window).
 */
public class EngineException extends PartitaException {
  private final boolean retryable;

  public EngineException(String message, boolean retryable, Throwable cause) {
    super(ErrorCategory.INTERNAL, message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
