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

  /**
   * Wraps an error of {@code executed}, the statement that ran the model {@code model} inside
   * Partita's own SQL (the staging CREATE, the window check): DuckDB numbers lines from the start
   * of that statement, so its {@code LINE n:} excerpt is renumbered to the model's own lines, and
   * an excerpt that points into Partita's SQL after the model (a model that ends too early: {@code
   * where x >}) is replaced by a sentence saying so.
   */
  static EngineException wrapModel(
      StageRequest request, String action, SQLException e, String executed, String model) {
    String message =
        where(request) + ": " + action + " failed: " + inModel(clean(e), executed, model);
    return new EngineException(message, isTransient(e), e);
  }

  private static final java.util.regex.Pattern EXCERPT =
      java.util.regex.Pattern.compile("(?m)^LINE (\\d+): (.*)(\\n[ ^]*)?$");

  static String inModel(String message, String executed, String model) {
    int at = model.isEmpty() ? -1 : executed.indexOf(model);
    java.util.regex.Matcher excerpt = EXCERPT.matcher(message);
    if (at < 0 || !excerpt.find()) {
      return message;
    }
    int before = (int) executed.substring(0, at).chars().filter(c -> c == '\n').count();
    int lines = (int) model.chars().filter(c -> c == '\n').count() + 1;
    int line = Integer.parseInt(excerpt.group(1)) - before;
    if (line >= 1 && line <= lines) {
      // Same width as DuckDB's label, so the caret line below still points at the right column.
      String label = "LINE " + excerpt.group(1) + ":";
      String renumbered = String.format("%-" + label.length() + "s", "LINE " + line + ":");
      return message.substring(0, excerpt.start())
          + renumbered
          + message.substring(excerpt.start() + label.length());
    }
    String head = message.substring(0, excerpt.start()).strip();
    String tail = message.substring(excerpt.end()).strip();
    // "near" names Partita's SQL after the model, which the user never wrote.
    String end =
        line > lines
            ? head.replaceFirst(" at or near \"[^\"]*\"$", "")
                + " at the end of the model, after its line "
                + lines
                + ": is the query complete?"
            : head;
    return tail.isEmpty() ? end : end + "\n" + tail;
  }

  /** DuckDB's message without trailing whitespace; keeps its LINE/caret excerpt. */
  static String clean(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.strip();
  }
}
