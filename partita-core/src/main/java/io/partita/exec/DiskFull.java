package io.partita.exec;

import java.util.Locale;
import java.util.Optional;

/** Recognises a full disk in a failure's causes, as SQLite, DuckDB and the JDK report it. */
final class DiskFull {
  private static final String[] SIGNS = {
    "sqlite_full", "database or disk is full", "no space left on device", "disk is full"
  };

  private DiskFull() {}

  /** The message of the first cause that reports a full disk. */
  static Optional<String> describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      for (String sign : SIGNS) {
        if (lower.contains(sign)) {
          return Optional.of(message.replaceAll("\\s*\\n\\s*", " "));
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
