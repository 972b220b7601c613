package io.partita.state.jdbc;

import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import io.partita.state.WorkerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workers in the {@code workers} table; their claims are in {@code task_claims} (see {@link
 * JdbcClaims}).
 */
final class JdbcWorkerStore implements WorkerStore {
  private static final String COLUMNS =
      "name, host, pid, slots, started_at, heartbeat_at, stopped_at, state";

  private final JdbcDatabase database;
  private final JdbcClaims claims;

  JdbcWorkerStore(JdbcDatabase database) {
    this.database = database;
    this.claims = new JdbcClaims(database);
  }

  @Override
  public boolean register(WorkerRecord worker, Instant staleBefore) {
    int rows =
        database.write(
            "register worker " + worker.name(),
            connection -> {
              // The WHERE keeps a live namesake: two processes must not share one name's claims.
              try (PreparedStatement upsert =
                  connection.prepareStatement(
                      "INSERT INTO workers ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, NULL, ?)"
                          + " ON CONFLICT (name) DO UPDATE SET host = excluded.host,"
                          + " pid = excluded.pid, slots = excluded.slots,"
                          + " started_at = excluded.started_at,"
                          + " heartbeat_at = excluded.heartbeat_at, stopped_at = NULL,"
                          + " state = excluded.state, tasks_done = 0"
                          + " WHERE workers.state <> ? OR workers.heartbeat_at < ?")) {
                upsert.setString(1, worker.name());
                upsert.setString(2, worker.host());
                upsert.setLong(3, worker.pid());
                upsert.setInt(4, worker.slots());
                Timestamps.set(upsert, 5, worker.lifetime().startedAt());
                Timestamps.set(upsert, 6, worker.lifetime().heartbeatAt());
                upsert.setString(7, WorkerState.LIVE.name());
                upsert.setString(8, WorkerState.LIVE.name());
                Timestamps.set(upsert, 9, staleBefore);
                return upsert.executeUpdate();
              }
            });
    return rows > 0;
  }

  @Override
  public boolean heartbeat(String name, Instant now) {
    return update(
            "record a heartbeat of worker " + name,
            "UPDATE workers SET heartbeat_at = ? WHERE name = ? AND state = ?",
            Timestamps.format(now),
            name,
            WorkerState.LIVE.name())
        > 0;
  }

  @Override
  public void stop(String name, Instant now) {
    update(
        "record that worker " + name + " stopped",
        "UPDATE workers SET state = ?, stopped_at = ? WHERE name = ?",
        WorkerState.STOPPED.name(),
        Timestamps.format(now),
        name);
  }

  @Override
  public List<WorkerRecord> list() {
    return database.read(
        "list workers",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + ", tasks_done FROM workers ORDER BY CASE WHEN state = ? THEN 0 ELSE 1 END, name")) {
            select.setString(1, WorkerState.LIVE.name());
            List<WorkerRecord> workers = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                workers.add(read(row));
              }
            }
            return workers;
          }
        });
  }

  @Override
  public List<String> declareDead(Instant staleBefore, Instant now) {
    return database.write(
        "declare workers dead that stopped heartbeating",
        connection -> {
          List<String> dead = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT name FROM workers WHERE state = ? AND heartbeat_at < ? ORDER BY name")) {
            select.setString(1, WorkerState.LIVE.name());
            Timestamps.set(select, 2, staleBefore);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                dead.add(row.getString(1));
              }
            }
          }
          try (PreparedStatement mark =
              connection.prepareStatement(
                  "UPDATE workers SET state = ?, stopped_at = ? WHERE name = ? AND state = ?")) {
            for (String name : dead) {
              mark.setString(1, WorkerState.DEAD.name());
              Timestamps.set(mark, 2, now);
              mark.setString(3, name);
              mark.setString(4, WorkerState.LIVE.name());
              mark.executeUpdate();
            }
          }
          return dead;
        });
  }

  @Override
  public Optional<io.partita.state.TaskClaim> claim(io.partita.state.ClaimRequest request) {
    return claims.claim(request);
  }

  @Override
  public boolean finish(
      io.partita.state.TaskClaim claim,
      io.partita.state.TaskRecord task,
      io.partita.state.PartitionState partition) {
    return claims.finish(claim, task, partition);
  }

  @Override
  public List<io.partita.state.TaskClaim> claims() {
    return claims.list(false);
  }

  @Override
  public List<io.partita.state.TaskClaim> orphanedClaims() {
    return claims.list(true);
  }

  @Override
  public boolean release(io.partita.state.TaskClaim claim) {
    return claims.release(claim);
  }

  @Override
  public boolean requeue(io.partita.state.TaskClaim claim, String why) {
    return claims.requeue(claim, why);
  }

  private int update(String what, String sql, String... parameters) {
    return database.write(
        what,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
          }
        });
  }

  private static WorkerRecord read(ResultSet row) throws SQLException {
    return new WorkerRecord(
        row.getString("name"),
        row.getString("host"),
        row.getLong("pid"),
        row.getInt("slots"),
        new WorkerRecord.Lifetime(
            Timestamps.get(row, "started_at"),
            Timestamps.get(row, "heartbeat_at"),
            Timestamps.getOptional(row, "stopped_at")),
        WorkerState.valueOf(row.getString("state")),
        row.getLong("tasks_done"));
  }

  static boolean isLive(Connection connection, String name) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT state FROM workers WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && WorkerState.LIVE.name().equals(row.getString(1));
      }
    }
  }
}
