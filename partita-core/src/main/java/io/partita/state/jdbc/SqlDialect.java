package io.partita.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the databases a {@link JdbcStateStore} runs on. The SQL of the stores is
 * shared (both SQLite and PostgreSQL speak {@code INSERT … ON CONFLICT … DO UPDATE}); only
 * connection setup, transaction start, locking, busy detection and the schema scripts live here.
 *
 * <p>A write transaction of a dialect without a database-wide write lock (PostgreSQL) runs at READ
 * COMMITTED: a single conditional {@code UPDATE … WHERE status = ?} is still a compare-and-swap
 * (the server re-checks the condition on the newest row after waiting for its lock), but work that
 * reads and then writes on what it read must call {@link #lock} first.
 */
public interface SqlDialect {
  /** Applies per-connection settings (pragmas, time zone) right after the connection opens. */
  void configure(Connection connection) throws SQLException;

  /**
   * Starts a write transaction that takes the database's write lock at once, so that a
   * read-then-write inside it cannot be overtaken by another process (SQLite: {@code BEGIN
   * IMMEDIATE}).
   */
  void beginWrite(Connection connection) throws SQLException;

  void commit(Connection connection) throws SQLException;

  /**
   * Inside a write transaction: waits until no other transaction holds the named lock, then holds
   * it until this transaction ends. For read-then-write work such as "check for a conflicting
   * lease, then take the leases". A no-op where {@link #beginWrite} already serialises all writers.
   */
  default void lock(Connection connection, String name) throws SQLException {}

  /**
   * What ends a {@code SELECT} of rows the transaction then claims, so that concurrent claimers
   * take distinct rows without waiting for each other (PostgreSQL: {@code FOR UPDATE SKIP LOCKED});
   * empty where {@link #beginWrite} already serialises all writers.
   */
  default String claimRowsClause() {
    return "";
  }

  /**
   * Runs first in the migration transaction: serialises processes migrating the same database at
   * once and creates what the migrations need (PostgreSQL: the schema).
   */
  default void beforeMigrations(Connection connection) throws SQLException {}

  /**
   * A number that changes when another connection commits to the database (SQLite's {@code PRAGMA
   * data_version}); empty when the database cannot tell, so callers must not cache what they read.
   */
  default java.util.OptionalLong dataVersion(Connection connection) throws SQLException {
    return java.util.OptionalLong.empty();
  }

  void rollback(Connection connection) throws SQLException;

  /** True when the failure is a lock held by another connection, and retrying may succeed. */
  boolean isBusy(SQLException e);

  /**
   * DDL creating, if absent, the per-connection scratch table {@code lease_request(asset, version,
   * partition)} that large lease requests are staged in.
   */
  String leaseRequestTableDdl();

  /** The schema migrations, ascending by version. */
  List<Migration> migrations();
}
