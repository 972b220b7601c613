package io.partita.engine;

import java.util.List;

/**
 * Reads the warehouse: the SQL any check, metric or command may run to look at data. Every method
 * is read-only (nothing a call runs can change data or settings), safe to call from several threads
 * at once, and may be called on an engine opened read-only.
 */
public interface WarehouseReader {
  /**
   * Runs one read-only query and returns at most {@code maxRows} rows.
   *
   * @throws io.partita.PartitaException USER when {@code sql} is not exactly one statement that
   *     only reads ({@link SqlDialect#readKeywords()}), before running any of it, or when it fails
   *     (the message carries the engine's error in one line)
   */
  QueryResult query(String sql, int maxRows);

  /**
   * {@link #query} for SQL Partita built itself from quoted identifiers, literals and relation
   * names an engine gave out (the grouped check scans): run as read-only, but without parsing it
   * first to prove it is one read-only statement, a guard only text a user wrote needs (measured on
   * DuckDB: a quarter of the check scans' CPU on TPC-H with {@code batch_size: auto}).
   */
  default QueryResult queryGenerated(String sql, int maxRows) {
    return query(sql, maxRows);
  }

  /**
   * The columns of a relation (a name as {@link VersionCatalog#relation} returns it) or of a query
   * ({@code select ...}), in order, with the engine's type names. Runs nothing but the engine's
   * binder: no rows are read.
   *
   * @throws io.partita.PartitaException USER when the relation does not exist or the query does not
   *     bind
   */
  List<Column> describe(String relationOrQuery);

  /** The SQL dialect of this engine, for the SQL callers build themselves. */
  SqlDialect dialect();
}
