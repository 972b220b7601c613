package io.partita.state.jdbc;

import io.partita.state.CheckRecord;
import io.partita.state.CheckStore;
import io.partita.state.CheckSubject;
import io.partita.state.CheckVerdict;
import io.partita.state.PartitionMetrics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Check verdicts in {@code check_results} (append-only) and metrics in {@code partition_metrics}.
 */
final class JdbcCheckStore implements CheckStore {
  private static final String COLUMNS =
      "run_id, asset, partition, attempt, check_name, severity, outcome, metric, threshold, message,"
          + " quarantine, sample, created_at, version";

  private final JdbcDatabase database;

  JdbcCheckStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void record(List<CheckRecord> results) {
    if (results.isEmpty()) {
      return;
    }
    database.write(
        "record " + results.size() + " check results",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO check_results ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CheckRecord result : results) {
              insert.setString(1, result.runId());
              insert.setString(2, result.asset());
              insert.setString(3, result.partition());
              insert.setInt(4, result.attempt());
              insert.setString(5, result.check());
              insert.setString(6, result.severity());
              insert.setString(7, result.outcome());
              if (result.metric().isPresent()) {
                insert.setDouble(8, result.metric().get());
              } else {
                insert.setNull(8, java.sql.Types.REAL);
              }
              insert.setString(9, result.threshold());
              insert.setString(10, result.message());
              Columns.setString(insert, 11, result.quarantine());
              Columns.setString(insert, 12, result.sample());
              Timestamps.set(insert, 13, result.createdAt());
              insert.setString(14, result.version());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<CheckRecord> list(String asset, String first, String last) {
    return query(
        "list check results of " + asset,
        "SELECT "
            + COLUMNS
            + " FROM check_results WHERE asset = ? AND partition >= ? AND partition <= ?"
            + " ORDER BY partition, created_at, id",
        asset,
        first,
        last);
  }

  @Override
  public List<CheckRecord> forRun(String runId) {
    return query(
        "list check results of run " + runId,
        "SELECT " + COLUMNS + " FROM check_results WHERE run_id = ? ORDER BY created_at, id",
        runId);
  }

  @Override
  public void putMetrics(
      String asset, String partition, String runId, Map<String, Double> metrics, Instant at) {
    putMetrics(List.of(new PartitionMetrics(asset, partition, runId, metrics, at)));
  }

  @Override
  public void putMetrics(List<PartitionMetrics> all) {
    // A partition without metrics and with none stored has nothing to replace: a read instead of a
    // commit (an asset without checks, i.e. most tasks).
    List<PartitionMetrics> partitions =
        all.stream()
            .filter(p -> !p.metrics().isEmpty() || hasMetrics(p.asset(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      return;
    }
    database.write(
        "store metrics of "
            + partitions.get(0).asset()
            + " "
            + partitions.get(0).partition()
            + (partitions.size() == 1 ? "" : " and " + (partitions.size() - 1) + " more"),
        connection -> {
          try (PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM partition_metrics WHERE asset = ? AND partition = ?");
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO partition_metrics (asset, partition, metric, value, run_id,"
                          + " updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (PartitionMetrics partition : partitions) {
              delete.setString(1, partition.asset());
              delete.setString(2, partition.partition());
              delete.executeUpdate();
              for (Map.Entry<String, Double> metric : partition.metrics().entrySet()) {
                insert.setString(1, partition.asset());
                insert.setString(2, partition.partition());
                insert.setString(3, metric.getKey());
                insert.setDouble(4, metric.getValue());
                insert.setString(5, partition.runId());
                Timestamps.set(insert, 6, partition.at());
                insert.addBatch();
              }
              if (!partition.metrics().isEmpty()) {
                insert.executeBatch();
              }
            }
          }
          return null;
        });
  }

  private boolean hasMetrics(String asset, String partition) {
    return database.read(
        "read metrics of " + asset + " " + partition,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT 1 FROM partition_metrics WHERE asset = ? AND partition = ? LIMIT 1")) {
            select.setString(1, asset);
            select.setString(2, partition);
            try (java.sql.ResultSet result = select.executeQuery()) {
              return result.next();
            }
          }
        });
  }

  @Override
  public List<Double> trailing(String asset, String metric, String partition, int count) {
    return database.read(
        "read trailing " + metric + " of " + asset,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT value FROM partition_metrics WHERE asset = ? AND metric = ? AND partition < ?"
                      + " ORDER BY partition DESC LIMIT ?")) {
            select.setString(1, asset);
            select.setString(2, metric);
            select.setString(3, partition);
            select.setInt(4, count);
            List<Double> values = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                values.add(row.getDouble(1));
              }
            }
            return values;
          }
        });
  }

  @Override
  public Map<String, Map<String, Double>> metrics(
      String asset, List<String> partitions, List<String> metrics) {
    Map<String, Map<String, Double>> values = new java.util.TreeMap<>();
    if (partitions.isEmpty() || metrics.isEmpty()) {
      return values;
    }
    String partitionList = String.join(", ", java.util.Collections.nCopies(partitions.size(), "?"));
    String metricList = String.join(", ", java.util.Collections.nCopies(metrics.size(), "?"));
    return database.read(
        "read metrics of " + asset + " " + partitions.get(0),
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT partition, metric, value FROM partition_metrics WHERE asset = ? AND metric"
                      + " IN ("
                      + metricList
                      + ") AND partition IN ("
                      + partitionList
                      + ")")) {
            int at = 1;
            select.setString(at++, asset);
            for (String metric : metrics) {
              select.setString(at++, metric);
            }
            for (String partition : partitions) {
              select.setString(at++, partition);
            }
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                values
                    .computeIfAbsent(row.getString(1), key -> new java.util.TreeMap<>())
                    .put(row.getString(2), row.getDouble(3));
              }
            }
            return values;
          }
        });
  }

  private List<CheckRecord> query(String what, String sql, String... parameters) {
    return Statements.query(database, what, sql, JdbcCheckStore::read, (Object[]) parameters);
  }

  private static CheckRecord read(ResultSet row) throws SQLException {
    double metric = row.getDouble("metric");
    boolean hasMetric = !row.wasNull();
    return new CheckRecord(
        new CheckSubject(
            row.getString("run_id"),
            row.getString("asset"),
            row.getString("version"),
            row.getString("partition"),
            row.getInt("attempt")),
        new CheckVerdict(
            row.getString("check_name"),
            row.getString("severity"),
            row.getString("outcome"),
            hasMetric ? java.util.Optional.of(metric) : java.util.Optional.empty(),
            row.getString("threshold"),
            row.getString("message")),
        Columns.getString(row, "quarantine"),
        Columns.getString(row, "sample"),
        Timestamps.get(row, "created_at"));
  }
}
