package io.partita.engine.postgres;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.engine.sql.StageMessages;
import java.sql.SQLException;

/** Turns PostgreSQL's SQLExceptions into messages that name the asset, partition and model file. */
final class PgErrors {
  private PgErrors() {}

  /** {@code asset 'features' partition 2025-03-02 (models/features.sql)} */
  static String where(StageRequest request) {
    return StageMessages.where(request);
  }

  static EngineException wrap(StageRequest request, String action, SQLException e) {
    return new EngineException(
        where(request) + ": " + action + " failed: " + clean(e), isTransient(e), e);
  }

  /**
   * Lost connections (SQLSTATE class 08), serialization failures and deadlocks (40), exhausted
   * resources (53), a server shutting down (57P) and lock timeouts (55P03) may pass on a retry;
   * syntax, binding, conversion and constraint errors will not.
   */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08")
        || state.startsWith("40")
        || state.startsWith("53")
        || state.startsWith("57P")
        || state.equals("55P03");
  }

  /** PostgreSQL's message on one line, without the driver's "ERROR: " prefix. */
  static String clean(SQLException e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    return message.strip().replaceFirst("^ERROR: ", "").replaceAll("\\s*\\n\\s*", " ");
  }
}
