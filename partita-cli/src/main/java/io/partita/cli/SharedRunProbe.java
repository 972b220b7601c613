package io.partita.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's look into the PostgreSQL state store while workers share a run: the run's status, its
 * tasks by status, who holds which task now, and each worker's state. Reads only.
 */
final class SharedRunProbe {
  private static final String SCHEMA = WorkersDemoProject.STATE_SCHEMA;

  /** A task a worker holds now. */
  record Claim(String worker, String asset, String partition) {
    String task() {
      return asset + " " + partition;
    }
  }

  /** One look at the run. */
  record Snapshot(
      String runStatus,
      Map<String, Integer> tasks,
      List<Claim> claims,
      Map<String, String> workers) {
    int total() {
      return tasks.values().stream().mapToInt(Integer::intValue).sum();
    }

    int count(String taskStatus) {
      return tasks.getOrDefault(taskStatus, 0);
    }

    boolean ended() {
      return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(runStatus);
    }

    List<Claim> claimsOf(String worker) {
      return claims.stream().filter(c -> c.worker().equals(worker)).toList();
    }
  }

  private final Connection connection;

  SharedRunProbe(Connection connection) {
    this.connection = connection;
  }

  /** Worker name to state ({@code LIVE}, {@code STOPPED}, {@code DEAD}); empty before any. */
  Map<String, String> workers() throws SQLException {
    Map<String, String> workers = new HashMap<>();
    if (!stateExists()) {
      return workers;
    }
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT name, state FROM " + SCHEMA + ".workers");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        workers.put(row.getString(1), row.getString(2));
      }
    }
    return workers;
  }

  Snapshot read(String runId) throws SQLException {
    String status = "UNKNOWN";
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT status FROM " + SCHEMA + ".runs WHERE id = ?")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          status = row.getString(1);
        }
      }
    }
    Map<String, Integer> tasks = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT status, count(*) FROM " + SCHEMA + ".tasks WHERE run_id = ? GROUP BY status")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          tasks.put(row.getString(1), row.getInt(2));
        }
      }
    }
    List<Claim> claims = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT worker, asset, partition FROM "
                + SCHEMA
                + ".task_claims WHERE run_id = ? ORDER BY worker, asset, partition")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          claims.add(new Claim(row.getString(1), row.getString(2), row.getString(3)));
        }
      }
    }
    return new Snapshot(status, tasks, claims, workers());
  }

  /** Tasks of the run that were started more than once (their first worker died). */
  int retried(String runId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM " + SCHEMA + ".tasks WHERE run_id = ? AND attempts > 1")) {
      statement.setString(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private boolean stateExists() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, SCHEMA + ".workers");
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }
}
