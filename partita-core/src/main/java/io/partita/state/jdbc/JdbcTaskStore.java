package io.partita.state.jdbc;

import io.partita.state.LatestAttempt;
import io.partita.state.PartitionState;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.TaskStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks in the {@code tasks} table. {@code seq} numbers a run's tasks in creation order, so a
 * listing shows them in the order the planner made them.
 */
final class JdbcTaskStore implements TaskStore {
  private static final int BATCH_SIZE = 5_000;

  private static final String INSERT =
      "INSERT INTO tasks (run_id, asset, partition, seq, status, attempts, started_at,"
          + " finished_at, rows_written, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE =
      "UPDATE tasks SET status = ?, attempts = ?, started_at = ?, finished_at = ?,"
          + " rows_written = ?, error = ? WHERE run_id = ? AND asset = ? AND partition = ?";

  private final JdbcDatabase database;

  JdbcTaskStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void createAll(List<TaskRecord> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    database.write(
        "create " + tasks.size() + " tasks of run " + tasks.get(0).runId(),
        connection -> {
          Map<String, Long> nextSeq = new HashMap<>();
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int pending = 0;
            for (TaskRecord task : tasks) {
              long seq =
                  nextSeq.containsKey(task.runId())
                      ? nextSeq.get(task.runId())
                      : nextSeq(connection, task.runId());
              nextSeq.put(task.runId(), seq + 1);
              bindInsert(insert, task, seq);
              insert.addBatch();
              if (++pending == BATCH_SIZE) {
                insert.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              insert.executeBatch();
            }
          }
          return tasks.size();
        });
  }

  @Override
  public void update(TaskRecord task) {
    database.write(describe(task), connection -> replace(connection, task));
  }

  @Override
  public void update(TaskRecord task, PartitionState partition) {
    database.write(
        describe(task) + " with the state of its partition",
        connection -> {
          JdbcPartitionStore.upsert(connection, partition);
          return replace(connection, task);
        });
  }

  @Override
  public Optional<TaskRecord> claimNext(String runId, Instant at) {
    return database.write(
        "claim the next queued task of run " + runId,
        connection -> {
          // The dialect's claim clause (PostgreSQL: FOR UPDATE SKIP LOCKED) locks the row found and
          // lets concurrent claimers pass over it to the next one instead of queueing behind it.
          Optional<String[]> next;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT asset, partition FROM tasks WHERE run_id = ? AND status = ?"
                      + " ORDER BY seq LIMIT 1"
                      + database.dialect().claimRowsClause())) {
            select.setString(1, runId);
            select.setString(2, TaskStatus.QUEUED.name());
            try (ResultSet row = select.executeQuery()) {
              next =
                  row.next()
                      ? Optional.of(new String[] {row.getString(1), row.getString(2)})
                      : Optional.empty();
            }
          }
          if (next.isEmpty()) {
            return Optional.<TaskRecord>empty();
          }
          // Still a compare-and-swap on the status, so a dialect without row locks stays correct.
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE tasks SET status = ?, attempts = attempts + 1, started_at = ?,"
                      + " finished_at = NULL, error = NULL"
                      + " WHERE run_id = ? AND asset = ? AND partition = ? AND status = ?")) {
            update.setString(1, TaskStatus.RUNNING.name());
            Timestamps.set(update, 2, at);
            update.setString(3, runId);
            update.setString(4, next.get()[0]);
            update.setString(5, next.get()[1]);
            update.setString(6, TaskStatus.QUEUED.name());
            if (update.executeUpdate() == 0) {
              return Optional.<TaskRecord>empty();
            }
          }
          return Optional.of(find(connection, runId, next.get()[0], next.get()[1]));
        });
  }

  @Override
  public Optional<TaskRecord> find(String runId, String asset, String partition) {
    return database.read(
        "read task " + asset + " " + partition + " of run " + runId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT run_id, asset, partition, status, attempts, started_at, finished_at,"
                      + " rows_written, error FROM tasks"
                      + " WHERE run_id = ? AND asset = ? AND partition = ?")) {
            select.setString(1, runId);
            select.setString(2, asset);
            select.setString(3, partition);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(read(row)) : Optional.<TaskRecord>empty();
            }
          }
        });
  }

  private static TaskRecord find(Connection connection, String runId, String asset, String key)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT run_id, asset, partition, status, attempts, started_at, finished_at,"
                + " rows_written, error FROM tasks WHERE run_id = ? AND asset = ? AND partition = ?")) {
      select.setString(1, runId);
      select.setString(2, asset);
      select.setString(3, key);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return read(row);
      }
    }
  }

  @Override
  public List<TaskRecord> list(String runId) {
    return database.read(
        "list the tasks of run " + runId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT run_id, asset, partition, status, attempts, started_at, finished_at,"
                      + " rows_written, error FROM tasks WHERE run_id = ? ORDER BY seq")) {
            select.setString(1, runId);
            List<TaskRecord> tasks = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                tasks.add(read(row));
              }
            }
            return tasks;
          }
        });
  }

  @Override
  public Map<String, TaskStatus> latestStatuses(String asset) {
    return database.read(
        "read the latest tasks of " + asset,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT t.partition, t.status FROM tasks t JOIN runs r ON r.id = t.run_id"
                      + " WHERE t.asset = ? ORDER BY r.created_at, r.id")) {
            select.setString(1, asset);
            Map<String, TaskStatus> latest = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                latest.put(row.getString(1), TaskStatus.valueOf(row.getString(2)));
              }
            }
            return latest;
          }
        });
  }

  /** Updates the task in place, keeping its position; a task not yet stored is appended. */
  static int replace(Connection connection, TaskRecord task) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      update.setString(1, task.status().name());
      update.setInt(2, task.attempts());
      Timestamps.set(update, 3, task.startedAt());
      Timestamps.set(update, 4, task.finishedAt());
      Columns.setLong(update, 5, task.rowsWritten());
      Columns.setString(update, 6, task.error());
      update.setString(7, task.runId());
      update.setString(8, task.asset());
      update.setString(9, task.partition());
      if (update.executeUpdate() > 0) {
        return 1;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindInsert(insert, task, nextSeq(connection, task.runId()));
      return insert.executeUpdate();
    }
  }

  private static long nextSeq(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT MAX(seq) FROM tasks WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) + 1 : 1;
      }
    }
  }

  private static void bindInsert(PreparedStatement insert, TaskRecord task, long seq)
      throws SQLException {
    insert.setString(1, task.runId());
    insert.setString(2, task.asset());
    insert.setString(3, task.partition());
    insert.setLong(4, seq);
    insert.setString(5, task.status().name());
    insert.setInt(6, task.attempts());
    Timestamps.set(insert, 7, task.startedAt());
    Timestamps.set(insert, 8, task.finishedAt());
    Columns.setLong(insert, 9, task.rowsWritten());
    Columns.setString(insert, 10, task.error());
  }

  private static TaskRecord read(ResultSet row) throws SQLException {
    return new TaskRecord(
        row.getString("run_id"),
        row.getString("asset"),
        row.getString("partition"),
        TaskStatus.valueOf(row.getString("status")),
        row.getInt("attempts"),
        new LatestAttempt(
            Timestamps.getOptional(row, "started_at"),
            Timestamps.getOptional(row, "finished_at"),
            Columns.getLong(row, "rows_written"),
            Columns.getString(row, "error")));
  }

  private static String describe(TaskRecord task) {
    return "update task " + task.asset() + " " + task.partition() + " of run " + task.runId();
  }
}
