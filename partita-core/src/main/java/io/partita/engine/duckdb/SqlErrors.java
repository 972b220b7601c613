package io.partita.engine.duckdb;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.engine.sql.StageMessages;
import java.sql.SQLException;
import java.util.Locale;

/** Turns DuckDB's SQLExceptions into messages that name the asset, partition and model file. */
final class SqlErrors {
  private SqlErrors() {}

  /** {@code asset 'features' partition 2025-03-02 (models/features.sql)} */
  static String where(StageRequest request) {
    return StageMessages.where(request);
  }

  static EngineException wrap(StageRequest request, String action, SQLException e) {
    String message = where(request) + ": " + action + " failed: " + clean(e);
    return new EngineException(message, isTransient(e), e);
  }

  /**
   * Conflicts with a concurrent transaction and I/O hiccups may succeed on a retry; binder, parser,
   * conversion and constraint errors will not.
   */
  static boolean isTransient(SQLException e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return isConflict(e) || text.startsWith("io error");
  }

  static boolean isConflict(SQLException e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return text.contains("conflict");
  }

  /** DuckDB's message without trailing whitespace; keeps its LINE/caret excerpt. */
  static String clean(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.strip();
  }
}
