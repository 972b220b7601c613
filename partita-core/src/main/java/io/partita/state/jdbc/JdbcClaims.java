package io.partita.state.jdbc;

import io.partita.state.ClaimRequest;
import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.ClaimRequest.ClaimLimits;
import io.partita.state.ControlRequest;
import io.partita.state.RunStatus;
import io.partita.state.TaskClaim;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Task claims in the {@code task_claims} table. A claim checks the limits against the counts of all
 * workers' claims and takes the task in one write transaction, serialised by the dialect's {@link
 * SqlDialect#lock lock} on {@code task-claims} (SQLite: its one write lock; PostgreSQL: an advisory
 * lock): two workers can never both see the last free slot.
 */
final class JdbcClaims {
  private static final String COLUMNS = "run_id, asset, partition, worker, pool, claimed_at";

  /**
   * Compare-and-swap on the status: a task another worker took meanwhile is not queued any more.
   */
  private static final String START =
      "UPDATE tasks SET status = ?, attempts = attempts + 1, started_at = ?, finished_at = NULL,"
          + " rows_written = NULL, error = NULL"
          + " WHERE run_id = ? AND asset = ? AND partition = ? AND status = ?";

  private final JdbcDatabase database;

  JdbcClaims(JdbcDatabase database) {
    this.database = database;
  }

  Optional<TaskClaim> claim(ClaimRequest request) {
    if (request.candidates().isEmpty()) {
      return Optional.empty();
    }
    return database.write(
        "claim a task of run " + request.runId() + " for worker " + request.worker(),
        connection -> {
          database.dialect().lock(connection, "task-claims");
          if (!JdbcWorkerStore.isLive(connection, request.worker())) {
            return Optional.empty(); // declared dead: its claims are being returned
          }
          if (!isOpen(connection, request.runId())) {
            return Optional.empty(); // finished, paused or asked to stop meanwhile
          }
          ClaimLimits limits = request.limits();
          if (count(
                  connection, "SELECT COUNT(*) FROM task_claims WHERE run_id = ?", request.runId())
              >= limits.maxParallel()) {
            return Optional.empty();
          }
          Map<String, Integer> byAsset =
              counts(
                  connection,
                  "SELECT asset, COUNT(*) FROM task_claims WHERE run_id = ? GROUP BY asset",
                  request.runId());
          Map<String, Integer> byPool =
              counts(
                  connection,
                  "SELECT pool, COUNT(*) FROM task_claims WHERE pool IS NOT NULL GROUP BY pool",
                  null);
          for (Candidate candidate : request.candidates()) {
            if (full(limits, byAsset, byPool, candidate.asset())) {
              continue;
            }
            if (start(connection, request, candidate)) {
              TaskClaim claim =
                  new TaskClaim(
                      request.runId(),
                      candidate.asset(),
                      candidate.partition(),
                      request.worker(),
                      limits.poolOf(candidate.asset()),
                      request.now());
              insert(connection, claim);
              return Optional.of(claim);
            }
          }
          return Optional.empty();
        });
  }

  private static boolean isOpen(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT status, control FROM runs WHERE id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            && RunStatus.RUNNING.name().equals(row.getString(1))
            && ControlRequest.NONE.name().equals(row.getString(2));
      }
    }
  }

  private static boolean full(
      ClaimLimits limits, Map<String, Integer> byAsset, Map<String, Integer> byPool, String asset) {
    int concurrency = limits.concurrency().getOrDefault(asset, 0);
    if (concurrency > 0 && byAsset.getOrDefault(asset, 0) >= concurrency) {
      return true;
    }
    Optional<String> pool = limits.poolOf(asset);
    return pool.isPresent()
        && byPool.getOrDefault(pool.get(), 0)
            >= limits.poolSizes().getOrDefault(pool.get(), Integer.MAX_VALUE);
  }

  private static boolean start(Connection connection, ClaimRequest request, Candidate candidate)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(START)) {
      update.setString(1, TaskStatus.RUNNING.name());
      Timestamps.set(update, 2, request.now());
      update.setString(3, request.runId());
      update.setString(4, candidate.asset());
      update.setString(5, candidate.partition());
      update.setString(6, TaskStatus.QUEUED.name());
      return update.executeUpdate() == 1;
    }
  }

  private static void insert(Connection connection, TaskClaim claim) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO task_claims (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, claim.runId());
      insert.setString(2, claim.asset());
      insert.setString(3, claim.partition());
      insert.setString(4, claim.worker());
      insert.setString(5, claim.pool().orElse(null));
      Timestamps.set(insert, 6, claim.claimedAt());
      insert.executeUpdate();
    }
  }

  List<TaskClaim> list(boolean orphanedOnly) {
    String sql =
        orphanedOnly
            ? "SELECT c.run_id, c.asset, c.partition, c.worker, c.pool, c.claimed_at"
                + " FROM task_claims c JOIN workers w ON w.name = c.worker WHERE w.state <> ?"
                + " ORDER BY c.claimed_at, c.run_id, c.asset, c.partition"
            : "SELECT "
                + COLUMNS
                + " FROM task_claims"
                + " ORDER BY claimed_at, run_id, asset, partition";
    return database.read(
        orphanedOnly ? "list the claims of workers that are gone" : "list task claims",
        connection -> {
          List<TaskClaim> claims = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (orphanedOnly) {
              select.setString(1, WorkerState.LIVE.name());
            }
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                claims.add(
                    new TaskClaim(
                        row.getString("run_id"),
                        row.getString("asset"),
                        row.getString("partition"),
                        row.getString("worker"),
                        Optional.ofNullable(row.getString("pool")),
                        Timestamps.get(row, "claimed_at")));
              }
            }
          }
          return claims;
        });
  }

  boolean release(TaskClaim claim) {
    return database.write(
        "release the claim of worker " + claim.worker() + " on " + describe(claim),
        connection -> {
          if (!delete(connection, claim)) {
            return false;
          }
          // The claimed task ended under this claim: it counts as done by its worker.
          try (PreparedStatement done =
              connection.prepareStatement(
                  "UPDATE workers SET tasks_done = tasks_done + 1 WHERE name = ?")) {
            done.setString(1, claim.worker());
            done.executeUpdate();
          }
          return true;
        });
  }

  boolean requeue(TaskClaim claim, String why) {
    return database.write(
        "return " + describe(claim) + " of worker " + claim.worker() + " to the queue",
        connection -> {
          if (!delete(connection, claim)) {
            return false;
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE tasks SET status = ?, error = ?"
                      + " WHERE run_id = ? AND asset = ? AND partition = ? AND status = ?")) {
            update.setString(1, TaskStatus.QUEUED.name());
            update.setString(2, why);
            update.setString(3, claim.runId());
            update.setString(4, claim.asset());
            update.setString(5, claim.partition());
            update.setString(6, TaskStatus.RUNNING.name());
            update.executeUpdate();
          }
          return true;
        });
  }

  private static boolean delete(Connection connection, TaskClaim claim) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM task_claims"
                + " WHERE run_id = ? AND asset = ? AND partition = ? AND worker = ?")) {
      delete.setString(1, claim.runId());
      delete.setString(2, claim.asset());
      delete.setString(3, claim.partition());
      delete.setString(4, claim.worker());
      return delete.executeUpdate() == 1;
    }
  }

  private static String describe(TaskClaim claim) {
    return "task " + claim.asset() + " " + claim.partition() + " of run " + claim.runId();
  }

  private static int count(Connection connection, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, parameter);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getInt(1) : 0;
      }
    }
  }

  private static Map<String, Integer> counts(Connection connection, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      Map<String, Integer> counts = new HashMap<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          counts.put(row.getString(1), row.getInt(2));
        }
      }
      return counts;
    }
  }
}
