package io.partita;

import static java.util.Objects.requireNonNull;

/**
 * The root of every error Partita raises on purpose. The message is written for the user: it names
 * the file, line, asset or partition at fault and says how to fix it.
 */
public class PartitaException extends RuntimeException {
  private final ErrorCategory category;

  public PartitaException(ErrorCategory category, String message, Throwable cause) {
    super(message, cause);
    this.category = requireNonNull(category, "category is null");
  }

  public PartitaException(ErrorCategory category, String message) {
    this(category, message, null);
  }

  public ErrorCategory category() {
    return category;
  }

  /** Bad input; {@code format} follows {@link String#format}. */
  public static PartitaException user(String format, Object... args) {
    return new PartitaException(ErrorCategory.USER, String.format(format, args));
  }

  public static PartitaException conflict(String format, Object... args) {
    return new PartitaException(ErrorCategory.CONFLICT, String.format(format, args));
  }

  public static PartitaException internal(String message, Throwable cause) {
    return new PartitaException(ErrorCategory.INTERNAL, message, cause);
  }
}
