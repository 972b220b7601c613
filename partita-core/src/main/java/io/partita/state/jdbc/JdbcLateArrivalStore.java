package io.partita.state.jdbc;

import io.partita.state.LateArrivalRecord;
import io.partita.state.LateArrivalStore;
import io.partita.state.LateRows;
import io.partita.state.Lateness;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Late-arrival metrics in {@code late_arrivals}, one row per (asset, partition, run). */
final class JdbcLateArrivalStore implements LateArrivalStore {
  private static final String COLUMNS =
      "asset, partition, run_id, rows_total, rows_late, lateness_p50_seconds, lateness_p95_seconds,"
          + " lateness_p99_seconds, lateness_max_seconds, rows_added, rows_changed, recorded_at, lateness_quantiles";

  private final JdbcDatabase database;

  JdbcLateArrivalStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void record(LateArrivalRecord record) {
    database.write(
        "record late arrivals of " + record.asset() + " " + record.partition(),
        connection -> {
          // A retried attempt of the same run replaces its earlier record.
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM late_arrivals WHERE asset = ? AND partition = ? AND run_id = ?")) {
            delete.setString(1, record.asset());
            delete.setString(2, record.partition());
            delete.setString(3, record.runId());
            delete.executeUpdate();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO late_arrivals ("
                      + COLUMNS
                      + ")"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, record.asset());
            insert.setString(2, record.partition());
            insert.setString(3, record.runId());
            insert.setLong(4, record.rows().total());
            insert.setLong(5, record.rows().late());
            setOptional(insert, 6, record.lateness().p50Seconds());
            setOptional(insert, 7, record.lateness().p95Seconds());
            setOptional(insert, 8, record.lateness().p99Seconds());
            setOptional(insert, 9, record.lateness().maxSeconds());
            insert.setLong(10, record.rows().added());
            insert.setLong(11, record.rows().changed());
            Timestamps.set(insert, 12, record.recordedAt());
            insert.setString(13, encode(record.latenessQuantiles()));
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<LateArrivalRecord> latest(String asset, int lastPartitions) {
    // The newest record per partition (ties on recorded_at broken by id), newest partitions.
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM late_arrivals l WHERE asset = ? AND id = ("
            + " SELECT id FROM late_arrivals m WHERE m.asset = l.asset AND m.partition = l.partition"
            + " ORDER BY recorded_at DESC, id DESC LIMIT 1)"
            + " ORDER BY partition DESC LIMIT ?";
    List<LateArrivalRecord> newestFirst =
        database.read(
            "read late arrivals of " + asset,
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, asset);
                select.setInt(2, lastPartitions);
                return read(select);
              }
            });
    List<LateArrivalRecord> result = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(result);
    return result;
  }

  @Override
  public List<LateArrivalRecord> history(String asset, String partition) {
    return database.read(
        "read late arrivals of " + asset + " " + partition,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM late_arrivals WHERE asset = ? AND partition = ?"
                      + " ORDER BY recorded_at, id")) {
            select.setString(1, asset);
            select.setString(2, partition);
            return read(select);
          }
        });
  }

  private static List<LateArrivalRecord> read(PreparedStatement select) throws SQLException {
    List<LateArrivalRecord> records = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        records.add(
            new LateArrivalRecord(
                row.getString("asset"),
                row.getString("partition"),
                row.getString("run_id"),
                new LateRows(
                    row.getLong("rows_total"),
                    row.getLong("rows_late"),
                    row.getLong("rows_added"),
                    row.getLong("rows_changed")),
                new Lateness(
                    optional(row, "lateness_p50_seconds"),
                    optional(row, "lateness_p95_seconds"),
                    optional(row, "lateness_p99_seconds"),
                    optional(row, "lateness_max_seconds")),
                decode(row.getString("lateness_quantiles")),
                Timestamps.get(row, "recorded_at")));
      }
    }
    return records;
  }

  /** Quantiles as comma-separated seconds: compact, and readable in the database. */
  private static String encode(List<Double> quantiles) {
    StringBuilder text = new StringBuilder();
    for (double value : quantiles) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(value);
    }
    return text.toString();
  }

  private static List<Double> decode(String text) {
    List<Double> values = new ArrayList<>();
    if (text != null && !text.isEmpty()) {
      for (String value : text.split(",")) {
        values.add(Double.parseDouble(value));
      }
    }
    return values;
  }

  private static Optional<Double> optional(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<Double> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setDouble(index, value.get());
    } else {
      statement.setNull(index, Types.REAL);
    }
  }
}
