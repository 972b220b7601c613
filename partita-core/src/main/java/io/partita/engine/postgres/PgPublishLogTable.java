package io.partita.engine.postgres;

import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse's own log of committed publishes, {@code _partita.publish_log}: one row per (run,
 * asset, partition, target) written, in the publish transaction, numbered by a sequence so that
 * "latest" never depends on clock ties. Each row also says which backup table holds the rows the
 * publish replaced, how many, and when {@code partita gc} removed them.
 */
final class PgPublishLogTable {
  private static final String COLUMNS =
      "run_id, asset, partition, attempt, rows, published_at, target";

  private final PgName table;

  PgPublishLogTable(PgLayout layout) {
    this.table = layout.publishLog();
  }

  String name() {
    return table.sql();
  }

  List<String> createSql() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + table.sql()
            + " (id bigserial PRIMARY KEY, run_id text NOT NULL, asset text NOT NULL,"
            + " partition text NOT NULL, attempt integer NOT NULL, rows bigint NOT NULL,"
            + " published_at timestamp NOT NULL, target text NOT NULL, backup text,"
            + " backup_rows bigint, backup_removed_at timestamp)",
        "CREATE INDEX IF NOT EXISTS publish_log_run ON " + table.sql() + " (run_id, asset)",
        "CREATE INDEX IF NOT EXISTS publish_log_partition ON "
            + table.sql()
            + " (asset, partition)");
  }

  /** One publish (or, with attempt 0 and no backup, a restore); in the caller's transaction. */
  void insert(Connection connection, PublishedPartition entry, String backup, Long backupRows)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table.sql()
                + " ("
                + COLUMNS
                + ", backup, backup_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, entry.runId());
      statement.setString(2, entry.asset());
      statement.setString(3, entry.partition());
      statement.setInt(4, entry.attempt());
      statement.setLong(5, entry.rows());
      statement.setTimestamp(6, timestamp(entry.publishedAt()));
      statement.setString(7, entry.target());
      statement.setString(8, backup);
      if (backupRows == null) {
        statement.setNull(9, java.sql.Types.BIGINT);
      } else {
        statement.setLong(9, backupRows);
      }
      statement.executeUpdate();
    }
  }

  List<PublishedPartition> read(Connection connection, String where, String... parameters)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM " + table.sql() + " WHERE " + where)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return partitions(rows);
      }
    }
  }

  /** The latest entry of every (asset, partition, target), restores included. */
  List<PublishedPartition> latest(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM (SELECT DISTINCT ON (asset, partition, target) * FROM "
                    + table.sql()
                    + " ORDER BY asset, partition, target, id DESC) AS latest"
                    + " ORDER BY asset, partition, id");
        ResultSet rows = statement.executeQuery()) {
      return partitions(rows);
    }
  }

  /** The backup of every partition {@code runId} published, in publish order. */
  List<PartitionBackup> backups(Connection connection, String runId) throws SQLException {
    List<PartitionBackup> backups = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT asset, partition, target, backup_rows, backup_removed_at FROM "
                + table.sql()
                + " WHERE run_id = ? ORDER BY id")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          long recorded = row.getLong(4);
          Optional<Long> rows = row.wasNull() ? Optional.empty() : Optional.of(recorded);
          Optional<Instant> removedAt =
              Optional.ofNullable(row.getTimestamp(5)).map(PgPublishLogTable::instant);
          String version = PgLayout.versionOf(PgName.parse(row.getString(3), "public"));
          backups.add(
              new PartitionBackup(row.getString(1), version, row.getString(2), rows, removedAt));
        }
      }
    }
    return backups;
  }

  private static List<PublishedPartition> partitions(ResultSet row) throws SQLException {
    List<PublishedPartition> result = new ArrayList<>();
    while (row.next()) {
      result.add(
          new PublishedPartition(
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getInt(4),
              row.getLong(5),
              instant(row.getTimestamp(6)),
              row.getString(7)));
    }
    return result;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }
}
