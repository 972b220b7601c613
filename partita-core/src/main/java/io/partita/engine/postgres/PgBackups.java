package io.partita.engine.postgres;

import io.partita.engine.PublishRequest;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageRequest;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The way back of every publish: one backup table per target in {@code _partita_backup}, with the
 * target's columns and three of its own (the run that replaced the rows, the partition, and when).
 * A restore puts a run's backup rows back in place of what the run wrote. Every method runs inside
 * the caller's transaction, under the target's publish lock.
 */
final class PgBackups {
  static final String RUN = "_partita_backup_run";
  static final String PARTITION = "_partita_backup_partition";
  static final String BACKED_UP_AT = "_partita_backed_up_at";

  private final PgLayout layout;
  private final PgPublishLogTable log;

  PgBackups(PgLayout layout, PgPublishLogTable log) {
    this.layout = layout;
    this.log = log;
  }

  /** Creates the backup table of {@code target} when missing. */
  void ensure(Statement statement, PgName target) throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS "
            + layout.backupOf(target).sql()
            + " AS SELECT *, NULL::text AS "
            + RUN
            + ", NULL::text AS "
            + PARTITION
            + ", NULL::timestamp AS "
            + BACKED_UP_AT
            + " FROM "
            + target.sql()
            + " WITH NO DATA");
  }

  /** Adds a column the target gained, so that the backup keeps every column a backup may hold. */
  void addColumn(Statement statement, PgName target, Column column) throws SQLException {
    statement.execute(
        "ALTER TABLE "
            + layout.backupOf(target).sql()
            + " ADD COLUMN IF NOT EXISTS "
            + PgName.quote(column.name())
            + " "
            + column.type());
  }

  /** What a backup of one publish records. */
  record Saved(StageRequest request, PublishRequest publish, Instant now) {}

  /**
   * Copies the rows the publish is about to replace; returns how many, for the publish log. {@code
   * targetColumns} are the target's current columns when the caller read them in this transaction
   * ({@code null}: read them here).
   */
  long save(
      Connection connection, Saved saved, PgName target, PgName staging, List<Column> targetColumns)
      throws SQLException {
    StageRequest request = saved.request();
    PublishRequest publish = saved.publish();
    Instant now = saved.now();
    List<Column> current = targetColumns != null ? targetColumns : PgColumns.of(connection, target);
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
    // Named columns: the backup keeps columns a sync_all_columns publish dropped from the target.
    String columns = columnList(current, "");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + layout.backupOf(target).sql()
                + " ("
                + columns
                + ", "
                + RUN
                + ", "
                + PARTITION
                + ", "
                + BACKED_UP_AT
                + ") SELECT "
                + columnList(current, "t.")
                + ", ?, ?, ? FROM "
                + target.sql()
                + " t WHERE "
                + where)) {
      statement.setString(1, request.runId());
      statement.setString(2, request.partition().key());
      statement.setTimestamp(3, PgPublishLogTable.timestamp(now));
      return statement.executeUpdate();
    }
  }

  /** Replaces a partition's rows with the run's backup rows; returns how many were put back. */
  long restore(Connection connection, String runId, RestoreRequest request) throws SQLException {
    PgName target = layout.parse(request.targetRelation());
    // The target's columns only: the backup keeps columns a sync_all_columns publish dropped since.
    String columns = columnList(PgColumns.of(connection, target), "");
    String backupRows =
        "SELECT "
            + columns
            + " FROM "
            + layout.backupOf(target).sql()
            + " WHERE "
            + RUN
            + " = "
            + PgName.literal(runId)
            + " AND "
            + PARTITION
            + " = "
            + PgName.literal(request.partition().key());
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
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + target.sql() + " t WHERE " + where);
      return statement.executeUpdate(
          "INSERT INTO " + target.sql() + " (" + columns + ") " + backupRows);
    }
  }

  /**
   * Deletes backup rows and quarantine tables older than {@code before}, each backup table in a
   * transaction that also marks, in the publish log, which publishes lost their backup and when.
   */
  long expire(Connection connection, Instant before, Instant now) throws SQLException {
    long removed = 0;
    for (PgName backup : tables(connection, layout.backupSchema(), null)) {
      connection.setAutoCommit(false);
      try (PreparedStatement mark =
              connection.prepareStatement(
                  "UPDATE "
                      + log.name()
                      + " l SET backup_removed_at = ? FROM (SELECT DISTINCT "
                      + RUN
                      + " AS run_id, "
                      + PARTITION
                      + " AS partition FROM "
                      + backup.sql()
                      + " WHERE "
                      + BACKED_UP_AT
                      + " < ?) AS expired WHERE l.run_id = expired.run_id"
                      + " AND l.partition = expired.partition AND l.backup = ?"
                      + " AND l.backup_removed_at IS NULL");
          PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM " + backup.sql() + " WHERE " + BACKED_UP_AT + " < ?")) {
        mark.setTimestamp(1, PgPublishLogTable.timestamp(now));
        mark.setTimestamp(2, PgPublishLogTable.timestamp(before));
        mark.setString(3, backup.sql());
        mark.executeUpdate();
        delete.setTimestamp(1, PgPublishLogTable.timestamp(before));
        removed += delete.executeUpdate();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    for (PgName quarantined : tables(connection, layout.quarantineSchema(), before)) {
      PgColumns.execute(connection, "DROP TABLE IF EXISTS " + quarantined.sql());
      removed++;
    }
    return removed;
  }

  /**
   * The tables of {@code schema}; with {@code olderThan}, only those whose comment (the time they
   * were quarantined) is older.
   */
  private static List<PgName> tables(Connection connection, String schema, Instant olderThan)
      throws SQLException {
    String sql =
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind = 'r'"
            + (olderThan == null
                ? ""
                : " AND CASE WHEN obj_description(c.oid, 'pg_class') ~ '^\\d{4}-\\d{2}-\\d{2}'"
                    + " THEN obj_description(c.oid, 'pg_class')::timestamp END < ?");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      if (olderThan != null) {
        statement.setTimestamp(2, PgPublishLogTable.timestamp(olderThan));
      }
      List<PgName> tables = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          tables.add(new PgName(schema, result.getString(1)));
        }
      }
      return tables;
    }
  }

  static String window(String alias, String column, PartitionKey partition) {
    String quoted = alias + "." + PgName.quote(column);
    return quoted
        + " >= "
        + partition.grain().sqlLiteral(partition.start())
        + " AND "
        + quoted
        + " < "
        + partition.grain().sqlLiteral(partition.end());
  }

  static String keysEqual(List<String> keys, String left, String right) {
    return keys.stream()
        .map(PgName::quote)
        .map(key -> left + "." + key + " = " + right + "." + key)
        .collect(Collectors.joining(" AND "));
  }

  static String columnList(List<Column> columns, String prefix) {
    return columns.stream()
        .map(column -> prefix + PgName.quote(column.name()))
        .collect(Collectors.joining(", "));
  }
}
