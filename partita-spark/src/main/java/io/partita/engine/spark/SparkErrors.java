package io.partita.engine.spark;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import java.util.Locale;
import org.apache.iceberg.exceptions.CommitFailedException;

/** Turns Spark's and Iceberg's exceptions into messages naming the asset, partition and file. */
final class SparkErrors {
  private SparkErrors() {}

  /** {@code asset 'features' partition 2025-03-02 (models/features.sql)} */
  static String where(StageRequest request) {
    return String.format(
        "asset '%s' partition %s (%s)",
        request.asset(), request.partition().key(), request.definedIn());
  }

  static EngineException wrap(StageRequest request, String action, Exception e) {
    return new EngineException(
        where(request) + ": " + action + " failed: " + oneLine(e), isTransient(e), e);
  }

  /**
   * A commit that lost a race with another writer may succeed on a retry; analysis, parse and cast
   * errors will not.
   */
  static boolean isTransient(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CommitFailedException) {
        return true;
      }
    }
    return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connection reset");
  }

  /** Spark's message on one line (its analysis errors carry a multi-line plan excerpt). */
  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int plan = message.indexOf(";\n");
    if (plan > 0) {
      message = message.substring(0, plan);
    }
    return message.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
