package io.partita.state.sqlite;

import io.partita.state.jdbc.Migration;
import io.partita.state.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * SQLite: WAL so that readers in other processes never block the writer, and a busy timeout so
 * writers of several processes queue instead of failing. {@code synchronous=NORMAL} by default: a
 * commit is in the WAL file (the operating system's, not yet the disk's) when it returns, so it
 * survives any end of the process (kill -9, OOM) but not a power loss or kernel crash, which can
 * forget the last commits (never corrupt the file). That is safe here because what a task published
 * is decided by the warehouse's publish log, which the engine commits (and fsyncs) with the data:
 * resume recognises a published task from it, {@code repair --from-warehouse} rebuilds the states,
 * and a task whose start was forgotten runs again, which overwrite and merge make harmless. {@code
 * synchronous=FULL} (an fsync per commit, about 1-2 ms on a local disk) is kept for stores whose
 * URL asks for it. Transactions are started by hand with {@code BEGIN IMMEDIATE}: a deferred
 * transaction that reads and then writes can fail with SQLITE_BUSY without waiting, because its
 * read snapshot may already be stale. Transactions are started by hand with {@code BEGIN
 * IMMEDIATE}: a deferred transaction that reads and then writes can fail with SQLITE_BUSY without
 * waiting, because its read snapshot may already be stale.
 */
final class SqliteDialect implements SqlDialect {
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "runs, tasks, partitions, snapshots, leases",
              "io/partita/state/sqlite/V1__init.sql"),
          new Migration(
              2, "check results and partition metrics", "io/partita/state/sqlite/V2__checks.sql"),
          new Migration(3, "asset versions", "io/partita/state/sqlite/V3__versions.sql"),
          new Migration(
              4,
              "schedule marks, pause switch, late-arrival metrics",
              "io/partita/state/sqlite/V4__schedule.sql"),
          new Migration(
              5, "append-only audit log of task attempts", "io/partita/state/sqlite/V5__audit.sql"),
          new Migration(
              6, "servers and runs handed to them", "io/partita/state/sqlite/V6__servers.sql"),
          new Migration(
              7,
              "identity of the state store and of its warehouse",
              "io/partita/state/sqlite/V7__identity.sql"),
          new Migration(
              8,
              "real partition ranges of each asset of a run",
              "io/partita/state/sqlite/V8__run_assets.sql"),
          new Migration(
              9,
              "explicit id columns instead of rowid",
              "io/partita/state/sqlite/V9__sequence_ids.sql"),
          new Migration(
              10,
              "the asset version of every check verdict",
              "io/partita/state/sqlite/V10__check_versions.sql"),
          new Migration(
              11,
              "workers, their task claims and the scheduler's leader lease",
              "io/partita/state/sqlite/V11__workers.sql"),
          new Migration(
              12,
              "the worker of each audited attempt, tasks done per worker",
              "io/partita/state/sqlite/V12__worker_attribution.sql"));

  private final boolean wal;
  private final boolean fsyncEachCommit;

  /**
   * @param wal false only for an in-memory database, which has no journal file
   * @param fsyncEachCommit {@code synchronous=FULL} instead of {@code NORMAL}
   */
  SqliteDialect(boolean wal, boolean fsyncEachCommit) {
    this.wal = wal;
    this.fsyncEachCommit = fsyncEachCommit;
  }

  @Override
  public void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // The busy timeout first: switching to WAL needs a lock another process may hold.
      statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      if (wal) {
        enableWal(statement);
      }
      statement.execute("PRAGMA synchronous = " + (fsyncEachCommit ? "FULL" : "NORMAL"));
      statement.execute("PRAGMA foreign_keys = ON");
    }
  }

  private static void enableWal(Statement statement) throws SQLException {
    try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
      String actual = mode.next() ? mode.getString(1) : "unknown";
      if (!"wal".equals(actual.toLowerCase(Locale.ROOT))) {
        throw new SQLException("SQLite refused WAL journal mode (got " + actual + ")");
      }
    }
  }

  @Override
  public void beginWrite(Connection connection) throws SQLException {
    execute(connection, "BEGIN IMMEDIATE");
  }

  @Override
  public java.util.OptionalLong dataVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA data_version")) {
      return result.next()
          ? java.util.OptionalLong.of(result.getLong(1))
          : java.util.OptionalLong.empty();
    }
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    execute(connection, "COMMIT");
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    // After some errors (e.g. SQLITE_FULL) SQLite has already rolled back and this fails too;
    // the caller keeps that failure as a suppressed exception of the original one.
    execute(connection, "ROLLBACK");
  }

  @Override
  public boolean isBusy(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }

  @Override
  public String leaseRequestTableDdl() {
    return "CREATE TEMP TABLE IF NOT EXISTS lease_request"
        + " (asset TEXT NOT NULL, version TEXT NOT NULL, partition TEXT NOT NULL)";
  }

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
