package io.partita.engine.duckdb;

import io.partita.engine.PublishRequest;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageRequest;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Backups of the rows a publish replaces, one table per asset in schema {@code _partita_backup}
 * with three extra columns: the run that replaced them, the partition, and when. A restore puts a
 * run's backup rows back in place of what the run wrote.
 */
final class DuckDbBackups {
  static final String SCHEMA = "_partita_backup";
  static final String QUARANTINE_SCHEMA = "_partita_quarantine";
  private static final String EXTRA_COLUMNS =
      "_partita_run_id, _partita_partition, _partita_backed_up_at";

  private final Clock clock;
  private final Set<TableName> known = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<TableName, String> insertColumns = new ConcurrentHashMap<>();

  DuckDbBackups(Clock clock) {
    this.clock = clock;
  }

  static TableName backupOf(TableName target) {
    String name =
        TableName.DEFAULT_SCHEMA.equals(target.schema())
            ? target.name()
            : target.schema() + "__" + target.name();
    return new TableName(SCHEMA, name);
  }

  /** Creates the backup table of {@code target} if needed; runs outside the publish transaction. */
  void ensure(Statement statement, TableName target) throws SQLException {
    TableName backup = backupOf(target);
    if (!known.contains(backup)) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + backup.sql()
              + " AS SELECT *, NULL::VARCHAR AS _partita_run_id,"
              + " NULL::VARCHAR AS _partita_partition, NULL::TIMESTAMP AS _partita_backed_up_at FROM "
              + target.sql()
              + " LIMIT 0");
      known.add(backup);
    }
  }

  /**
   * Copies the rows the publish is about to replace; runs inside the publish transaction. Returns
   * how many, for the publish log.
   */
  long save(
      Statement statement,
      StageRequest request,
      PublishRequest publish,
      TableName target,
      TableName staging)
      throws SQLException {
    TableName backup = backupOf(target);
    String where = window("t", request.timeColumn(), request.partition());
    if (publish.mode() == WriteMode.MERGE) {
      where =
          "("
              + where
              + ") OR EXISTS (SELECT 1 FROM "
              + staging.sql()
              + " s WHERE "
              + keysEqual(publish.uniqueKey(), "s", "t")
              + ")";
    }
    String columns = insertColumns(statement.getConnection(), target, backup);
    return statement.executeUpdate(
        "INSERT INTO "
            + backup.sql()
            + " ("
            + columns
            + ") SELECT t.*, "
            + TableName.literal(request.runId())
            + ", "
            + TableName.literal(request.partition().key())
            + ", "
            + timestamp(clock.instant())
            + " FROM "
            + target.sql()
            + " t WHERE "
            + where);
  }

  /** Whether {@code target} has rows in the partition's window (a read inside the transaction). */
  static boolean anyInWindow(Statement statement, StageRequest request, TableName target)
      throws SQLException {
    try (ResultSet any =
        statement.executeQuery(
            "SELECT 1 FROM "
                + target.sql()
                + " t WHERE "
                + window("t", request.timeColumn(), request.partition())
                + " LIMIT 1")) {
      return any.next();
    }
  }

  /** Whether this publisher made sure the backup table of {@code target} exists. */
  boolean knows(TableName target) {
    return known.contains(backupOf(target));
  }

  /**
   * {@link #save} of several overwritten partitions of one target and run at once ({@code any}: the
   * OR of their windows over alias {@code t}); each row is tagged with the partition it belongs to.
   */
  void saveGroup(
      Statement statement,
      List<io.partita.engine.StagedPartition> group,
      TableName target,
      String any)
      throws SQLException {
    StageRequest first = group.get(0).request();
    StringBuilder partition = new StringBuilder("CASE");
    for (io.partita.engine.StagedPartition staged : group) {
      StageRequest request = staged.request();
      partition
          .append(" WHEN ")
          .append(window("t", request.timeColumn(), request.partition()))
          .append(" THEN ")
          .append(TableName.literal(request.partition().key()));
    }
    partition.append(" END");
    TableName backup = backupOf(target);
    statement.executeUpdate(
        "INSERT INTO "
            + backup.sql()
            + " ("
            + insertColumns(statement.getConnection(), target, backup)
            + ") SELECT t.*, "
            + TableName.literal(first.runId())
            + ", "
            + partition
            + ", "
            + timestamp(clock.instant())
            + " FROM "
            + target.sql()
            + " t WHERE "
            + any);
  }

  /**
   * The backup's column list for the rows of {@code target}: the target's columns, then the
   * backup's own three. Named columns: the backup keeps columns a sync_all_columns publish dropped
   * from the target and gets added columns at its end. Its own three columns end at
   * _partita_backed_up_at (the first two are renamed by DuckDB when they clash with audit columns).
   * Kept per backup until a schema change or a failed publish ({@link #forget}).
   */
  private String insertColumns(Connection connection, TableName target, TableName backup)
      throws SQLException {
    String cached = insertColumns.get(backup);
    if (cached != null) {
      return cached;
    }
    List<String> backupColumns =
        SchemaEvolution.describe(connection, backup).stream()
            .map(column -> TableName.quote(column.name()))
            .toList();
    List<String> columns =
        new java.util.ArrayList<>(
            SchemaEvolution.describe(connection, target).stream()
                .map(column -> TableName.quote(column.name()))
                .toList());
    int backedUpAt = backupColumns.indexOf("\"_partita_backed_up_at\"");
    columns.addAll(backupColumns.subList(backedUpAt - 2, backedUpAt + 1));
    String joined = String.join(", ", columns);
    insertColumns.put(backup, joined);
    return joined;
  }

  /** The columns of {@code target} (and so of its backup) change in this transaction. */
  void columnsChange(TableName target) {
    insertColumns.remove(backupOf(target));
  }

  void forget() {
    known.clear();
    insertColumns.clear();
  }

  /**
   * Replaces each partition's rows with the run's backup rows; runs inside the caller's
   * transaction.
   */
  long restore(Statement statement, String runId, RestoreRequest request) throws SQLException {
    TableName target = TableName.parse(request.targetRelation());
    TableName backup = backupOf(target);
    // The target's columns only: the backup keeps columns a sync_all_columns publish dropped since.
    String columns =
        SchemaEvolution.describe(statement.getConnection(), target).stream()
            .map(column -> TableName.quote(column.name()))
            .collect(Collectors.joining(", "));
    String backupRows =
        "SELECT "
            + columns
            + " FROM "
            + backup.sql()
            + " WHERE _partita_run_id = "
            + TableName.literal(runId)
            + " AND _partita_partition = "
            + TableName.literal(request.partition().key());
    String where = window("t", request.timeColumn(), request.partition());
    if (request.mode() == WriteMode.MERGE) {
      where =
          "("
              + where
              + ") OR EXISTS (SELECT 1 FROM ("
              + backupRows
              + ") b WHERE "
              + keysEqual(request.uniqueKey(), "b", "t")
              + ")";
    }
    statement.executeUpdate("DELETE FROM " + target.sql() + " t WHERE " + where);
    return statement.executeUpdate("INSERT INTO " + target.sql() + " BY NAME " + backupRows);
  }

  /**
   * Deletes backup rows and quarantine tables older than {@code before}. The publish log records,
   * in the same transaction, which publishes lost their backup and when, so a later rollback of
   * them is refused instead of emptying their partitions.
   */
  long expire(Connection connection, Instant before) throws SQLException {
    long removed = 0;
    try (Statement statement = connection.createStatement()) {
      Instant now = clock.instant();
      for (TableName table : tables(connection, SCHEMA)) {
        connection.setAutoCommit(false);
        try {
          PublishLogTable.markBackupsRemoved(statement, table, before, now);
          removed +=
              statement.executeUpdate(
                  "DELETE FROM "
                      + table.sql()
                      + " WHERE _partita_backed_up_at < "
                      + timestamp(before));
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
      try (ResultSet old =
          statement.executeQuery(
              "SELECT table_name FROM duckdb_tables() WHERE schema_name = "
                  + TableName.literal(QUARANTINE_SCHEMA)
                  + " AND comment IS NOT NULL AND TRY_CAST(comment AS TIMESTAMP) < "
                  + timestamp(before))) {
        List<String> names = new java.util.ArrayList<>();
        while (old.next()) {
          names.add(old.getString(1));
        }
        for (String name : names) {
          statement.execute("DROP TABLE " + new TableName(QUARANTINE_SCHEMA, name).sql());
          removed++;
        }
      }
    }
    return removed;
  }

  private static List<TableName> tables(Connection connection, String schema) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = "
                    + TableName.literal(schema))) {
      List<TableName> tables = new java.util.ArrayList<>();
      while (result.next()) {
        tables.add(new TableName(schema, result.getString(1)));
      }
      return tables;
    }
  }

  static String window(String alias, String column, PartitionKey partition) {
    String quoted = alias + "." + TableName.quote(column);
    return quoted
        + " >= "
        + partition.grain().sqlLiteral(partition.start())
        + " AND "
        + quoted
        + " < "
        + partition.grain().sqlLiteral(partition.end());
  }

  private static String keysEqual(List<String> keys, String left, String right) {
    return keys.stream()
        .map(TableName::quote)
        .map(key -> left + "." + key + " = " + right + "." + key)
        .collect(Collectors.joining(" AND "));
  }

  static String timestamp(Instant instant) {
    return "TIMESTAMP '"
        + LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ')
        + "'";
  }
}
