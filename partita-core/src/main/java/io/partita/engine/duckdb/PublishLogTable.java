package io.partita.engine.duckdb;

import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse's own log of committed publishes, {@code _partita.publish_log}: one row per (run,
 * asset, partition) written, in the publish transaction. Each row also says which backup table
 * holds the rows the publish replaced, how many, and when {@code partita gc} removed them, so a
 * rollback never mistakes a removed backup for a partition that was empty.
 */
final class PublishLogTable {
  static final String TABLE = "\"_partita\".\"publish_log\"";

  private static final String COLUMNS =
      " (run_id, asset, partition, attempt, rows, published_at, target, backup, backup_rows)";

  /** The parameters of {@link #INSERT}, set by {@link #insert}. */
  static final int INSERT_PARAMETERS = 9;

  /** The INSERT of one row. */
  static final String INSERT =
      "INSERT INTO " + TABLE + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** {@link #INSERT} as a SELECT, to which a WHERE clause can add conditions. */
  static final String INSERT_SELECT =
      "INSERT INTO " + TABLE + COLUMNS + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?";

  private PublishLogTable() {}

  /**
   * Logs a publish with {@code insert}, {@link #INSERT} or {@link #INSERT_SELECT} and conditions
   * prepared on the publishing connection: the backup it took ({@code backupRows} rows in {@code
   * backup}) and when.
   */
  static void insert(
      PreparedStatement insert,
      io.partita.engine.StagedPartition staged,
      TableName backup,
      long backupRows,
      Instant publishedAt)
      throws SQLException {
    io.partita.engine.StageRequest request = staged.request();
    insert.setString(1, request.runId());
    insert.setString(2, request.asset());
    insert.setString(3, request.partition().key());
    insert.setInt(4, request.attempt());
    insert.setLong(5, staged.rows());
    insert.setTimestamp(
        6,
        java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(publishedAt, ZoneOffset.UTC)));
    insert.setString(7, request.targetRelation());
    insert.setString(8, backup.sql());
    insert.setLong(9, backupRows);
    insert.executeUpdate();
  }

  static String createSql() {
    return "CREATE TABLE IF NOT EXISTS "
        + TABLE
        + " (run_id VARCHAR NOT NULL,"
        + " asset VARCHAR NOT NULL, partition VARCHAR NOT NULL, attempt INTEGER NOT NULL,"
        + " rows BIGINT NOT NULL, published_at TIMESTAMP NOT NULL, target VARCHAR,"
        + " backup VARCHAR, backup_rows BIGINT, backup_removed_at TIMESTAMP)";
  }

  /** Warehouses made before versions lack target; before backup tracking, the backup columns. */
  static List<String> upgradeSql() {
    return List.of(
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS target VARCHAR",
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS backup VARCHAR",
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS backup_rows BIGINT",
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS backup_removed_at TIMESTAMP");
  }

  static List<PublishedPartition> read(Connection connection, String where, String... parameters)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT run_id, asset, partition, attempt, rows, published_at, target FROM "
                + TABLE
                + " WHERE "
                + where)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      List<PublishedPartition> result = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          result.add(read(row));
        }
      }
      return result;
    }
  }

  static boolean wasPublished(Connection connection, String runId, String asset, String partition)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 1 FROM "
                + TABLE
                + " WHERE run_id = ? AND asset = ? AND partition = ? LIMIT 1")) {
      statement.setString(1, runId);
      statement.setString(2, asset);
      statement.setString(3, partition);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  /**
   * Marks the publishes whose backup rows in {@code backup} are older than {@code before} as
   * removed at {@code now}; call in the transaction that deletes those rows.
   */
  static void markBackupsRemoved(Statement statement, TableName backup, Instant before, Instant now)
      throws SQLException {
    statement.executeUpdate(
        "UPDATE "
            + TABLE
            + " SET backup_removed_at = "
            + DuckDbBackups.timestamp(now)
            + " FROM (SELECT DISTINCT _partita_run_id AS run_id, _partita_partition AS partition FROM "
            + backup.sql()
            + " WHERE _partita_backed_up_at < "
            + DuckDbBackups.timestamp(before)
            + ") AS expired"
            + " WHERE "
            + TABLE
            + ".run_id = expired.run_id AND "
            + TABLE
            + ".partition = expired.partition"
            + " AND "
            + TABLE
            + ".backup = "
            + TableName.literal(backup.sql())
            + " AND backup_removed_at IS NULL");
  }

  /** The backup of every partition {@code runId} published, in publish order. */
  static List<PartitionBackup> backups(Connection connection, String runId) throws SQLException {
    List<PartitionBackup> backups = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT asset, partition, target, backup_rows, backup_removed_at FROM "
                + TABLE
                + " WHERE run_id = ? ORDER BY published_at")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          String asset = row.getString(1);
          String partition = row.getString(2);
          TableName target =
              row.getString(3) != null
                  ? TableName.parse(row.getString(3))
                  : Versions.table(asset, "v1");
          long recorded = row.getLong(4);
          Optional<Long> rows =
              row.wasNull()
                  ? leftInBackup(connection, DuckDbBackups.backupOf(target), runId, partition)
                  : Optional.of(recorded);
          Optional<Instant> removedAt =
              Optional.ofNullable(row.getTimestamp(5)).map(PublishLogTable::instant);
          backups.add(new PartitionBackup(asset, version(target), partition, rows, removedAt));
        }
      }
    }
    return backups;
  }

  /** For publishes that recorded no backup: the rows still in it, or empty when there are none. */
  private static Optional<Long> leftInBackup(
      Connection connection, TableName backup, String runId, String partition) throws SQLException {
    if (Versions.kind(connection, backup).isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM "
                + backup.sql()
                + " WHERE _partita_run_id = ? AND _partita_partition = ?")) {
      statement.setString(1, runId);
      statement.setString(2, partition);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        long rows = result.getLong(1);
        return rows > 0 ? Optional.of(rows) : Optional.empty();
      }
    }
  }

  private static String version(TableName target) {
    String name = target.name();
    int separator = name.lastIndexOf("__v");
    return separator < 0 ? "v1" : name.substring(separator + 2);
  }

  /**
   * One publish from a row of {@code run_id, asset, partition, attempt, rows, published_at,
   * target}, in that order.
   */
  static PublishedPartition read(ResultSet row) throws java.sql.SQLException {
    return new PublishedPartition(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getInt(4),
        row.getLong(5),
        instant(row.getTimestamp(6)),
        row.getString(7));
  }

  private static Instant instant(java.sql.Timestamp timestamp) {
    return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }
}
