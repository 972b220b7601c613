package io.partita.state.jdbc;

import io.partita.state.ClaimRequest;
import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.ClaimRequest.ClaimLimits;
import io.partita.state.ControlRequest;
import io.partita.state.PartitionState;
import io.partita.state.RunStatus;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Whether the worker is live, the run's status and control, and the run's claims per asset and
   * all claims per pool, in one statement: the claim holds the lock while it reads them.
   */
  private static final String SITUATION =
      "SELECT 'worker', state, 1 FROM workers WHERE name = ?"
          + " UNION ALL SELECT 'run', status || ' ' || control, 1 FROM runs WHERE id = ?"
          + " UNION ALL SELECT 'asset', asset, COUNT(*) FROM task_claims WHERE run_id = ?"
          + " GROUP BY asset"
          + " UNION ALL SELECT 'pool', pool, COUNT(*) FROM task_claims WHERE pool IS NOT NULL"
          + " GROUP BY pool";

  private static final String OPEN = RunStatus.RUNNING.name() + " " + ControlRequest.NONE.name();

  Optional<TaskClaim> claim(ClaimRequest request) {
    if (request.candidates().isEmpty()) {
      return Optional.empty();
    }
    return database.write(
        "claim a task of run " + request.runId() + " for worker " + request.worker(),
        connection -> {
          database.dialect().lock(connection, "task-claims");
          Situation situation = situation(connection, request);
          if (!situation.workerLive()) {
            return Optional.empty(); // declared dead: its claims are being returned
          }
          if (!situation.runOpen()) {
            return Optional.empty(); // finished, paused or asked to stop meanwhile
          }
          ClaimLimits limits = request.limits();
          int running = situation.byAsset().values().stream().mapToInt(Integer::intValue).sum();
          if (running >= limits.maxParallel()) {
            return Optional.empty();
          }
          List<Candidate> allowed =
              request.candidates().stream()
                  .filter(c -> !full(limits, situation.byAsset(), situation.byPool(), c.asset()))
                  .toList();
          // Candidates come from the worker's last look at the tasks, which other workers may
          // have claimed since: one statement finds those still queued, then the first of them is
          // taken (the update stays a compare-and-swap on the status).
          for (Candidate candidate : queued(connection, request.runId(), allowed)) {
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

  /** What a claim checks before it takes a task, read under the claim lock. */
  private record Situation(
      boolean workerLive,
      boolean runOpen,
      Map<String, Integer> byAsset,
      Map<String, Integer> byPool) {}

  private static Situation situation(Connection connection, ClaimRequest request)
      throws SQLException {
    boolean live = false;
    boolean open = false;
    Map<String, Integer> byAsset = new HashMap<>();
    Map<String, Integer> byPool = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SITUATION)) {
      select.setString(1, request.worker());
      select.setString(2, request.runId());
      select.setString(3, request.runId());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          String value = row.getString(2);
          switch (row.getString(1)) {
            case "worker" -> live = WorkerState.LIVE.name().equals(value);
            case "run" -> open = OPEN.equals(value);
            case "asset" -> byAsset.put(value, row.getInt(3));
            default -> byPool.put(value, row.getInt(3));
          }
        }
      }
    }
    return new Situation(live, open, byAsset, byPool);
  }

  /** The candidates whose task is still queued, in the order given. */
  private static List<Candidate> queued(
      Connection connection, String runId, List<Candidate> candidates) throws SQLException {
    if (candidates.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT asset, partition FROM tasks WHERE run_id = ? AND status = ?"
                + " AND (asset, partition) IN (");
    for (int i = 0; i < candidates.size(); i++) {
      sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
    }
    sql.append(")");
    Set<Candidate> queued = new HashSet<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      select.setString(1, runId);
      select.setString(2, TaskStatus.QUEUED.name());
      int parameter = 3;
      for (Candidate candidate : candidates) {
        select.setString(parameter++, candidate.asset());
        select.setString(parameter++, candidate.partition());
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          queued.add(new Candidate(row.getString(1), row.getString(2)));
        }
      }
    }
    return candidates.stream().filter(queued::contains).toList();
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
        connection -> releaseCounted(connection, claim));
  }

  boolean finish(TaskClaim claim, TaskRecord task, PartitionState partition) {
    return database.write(
        "record the end of "
            + describe(claim)
            + " and release the claim of worker "
            + claim.worker(),
        connection -> {
          JdbcPartitionStore.upsert(connection, partition);
          JdbcTaskStore.replace(connection, task);
          return releaseCounted(connection, claim);
        });
  }

  /** Drops the claim; the task ended under it, so it counts as done by its worker. */
  private static boolean releaseCounted(Connection connection, TaskClaim claim)
      throws SQLException {
    if (!delete(connection, claim)) {
      return false;
    }
    try (PreparedStatement done =
        connection.prepareStatement(
            "UPDATE workers SET tasks_done = tasks_done + 1 WHERE name = ?")) {
      done.setString(1, claim.worker());
      done.executeUpdate();
    }
    return true;
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
}
