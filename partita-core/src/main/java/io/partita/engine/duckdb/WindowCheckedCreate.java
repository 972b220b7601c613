package io.partita.engine.duckdb;

import io.partita.engine.Cancellation;
import io.partita.engine.StageRequest;
import io.partita.model.Grain;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * The fast path of staging: one {@code CREATE TABLE AS} that also checks every row's time column
 * against the partition window (DuckDB's {@code error()} stops it at the first NULL or outside row)
 * and counts the rows it staged. A partition that passes needs no separate window query. One that
 * does not, or whose result has no such column, is staged again the slow way, whose window query
 * names the problem (counts, an example, the fix): failures pay twice, successes once.
 */
final class WindowCheckedCreate {
  private static final String MARKER = "partita: a staged row lies outside the partition window";

  private WindowCheckedCreate() {}

  /**
   * Creates {@code staging}; the rows staged, or empty (nothing created) when the slow path must
   * stage the partition to say what is wrong.
   *
   * @throws SQLException when the model itself failed (the caller wraps it as it would its own)
   */
  static OptionalLong create(
      Statement statement, TableName staging, StageRequest request, Cancellation cancellation)
      throws SQLException {
    if (cancellation.isCancelled()) {
      throw DuckDbStager.cancelled(request, cancellation);
    }
    try {
      return OptionalLong.of(statement.executeUpdate(sql(staging, request)));
    } catch (SQLException e) {
      if (cancellation.isCancelled()) {
        throw DuckDbStager.cancelled(request, cancellation);
      }
      if (needsSlowPath(e)) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  static String sql(TableName staging, StageRequest request) {
    return "CREATE TABLE " + staging.sql() + " AS " + select(request);
  }

  /** The model's rows, stopped by DuckDB's {@code error()} at the first outside the window. */
  static String select(StageRequest request) {
    String column = TableName.quote(request.timeColumn());
    Grain grain = request.partition().grain();
    String start = grain.sqlLiteral(request.partition().start());
    String end = grain.sqlLiteral(request.partition().end());
    // The same predicate as DuckDbStager.validateWindow, row by row.
    return "SELECT * FROM (\n"
        + DuckDbStager.select(request.input())
        + "\n) partita_window WHERE CASE WHEN "
        + column
        + " IS NULL OR "
        + DuckDbStager.outside(column, start, end)
        + " THEN error("
        + TableName.literal(MARKER)
        + ") ELSE true END";
  }

  /**
   * A row outside the window, a result without the time column (or of a type that does not compare
   * with the window's bounds: a binder error) and a catalog race: the slow path explains the first
   * ones and retries the last. Any other failure is the model's own, and running it again would
   * only repeat it.
   */
  private static boolean needsSlowPath(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains(MARKER)
        || message.contains("Binder Error")
        || message.contains("Catalog write-write conflict");
  }
}
