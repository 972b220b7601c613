package io.partita.state.jdbc;

import io.partita.PartitaException;
import io.partita.state.AssetRange;
import io.partita.state.ControlRequest;
import io.partita.state.RunKind;
import io.partita.state.RunLiveness;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.RunStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs in the {@code runs} table. Every change is a single conditional UPDATE: zero rows updated
 * means another process moved first, which callers see as {@code false}, not as an error.
 */
final class JdbcRunStore implements RunStore {
  private static final String COLUMNS =
      "id, kind, status, options, snapshot_hash, git_commit, actor, reason, created_at,"
          + " finished_at, owner, heartbeat_at, control";

  private final JdbcDatabase database;

  JdbcRunStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void create(RunRecord run) {
    database.write(
        "create run " + run.id(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO runs ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.id());
            insert.setString(2, run.kind().name());
            insert.setString(3, run.status().name());
            insert.setString(4, JsonCodec.writeOptions(run.options()));
            insert.setString(5, run.snapshotHash());
            Columns.setString(insert, 6, run.gitCommit());
            insert.setString(7, run.actor());
            Columns.setString(insert, 8, run.reason());
            Timestamps.set(insert, 9, run.createdAt());
            Timestamps.set(insert, 10, run.finishedAt());
            Columns.setString(insert, 11, run.owner());
            Timestamps.set(insert, 12, run.heartbeatAt());
            insert.setString(13, run.control().name());
            return insert.executeUpdate();
          }
        });
  }

  @Override
  public Optional<RunRecord> find(String id) {
    List<RunRecord> runs =
        query("find run " + id, "SELECT " + COLUMNS + " FROM runs WHERE id = ?", id);
    return runs.stream().findFirst();
  }

  @Override
  public List<RunRecord> list(int limit) {
    return query(
        "list runs",
        "SELECT " + COLUMNS + " FROM runs ORDER BY created_at DESC, id DESC LIMIT ?",
        limit);
  }

  @Override
  public List<RunRecord> withStatus(List<RunStatus> statuses) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    String placeholders = String.join(", ", java.util.Collections.nCopies(statuses.size(), "?"));
    Object[] names = statuses.stream().map(RunStatus::name).toArray();
    return query(
        "list runs by status",
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE status IN ("
            + placeholders
            + ")"
            + " ORDER BY created_at, id",
        names);
  }

  @Override
  public boolean transition(String id, RunStatus expected, RunStatus next, Instant at) {
    expected.checkMove(next);
    // The status in the WHERE clause makes this a compare-and-swap: if another process moved the
    // run first, no row matches and the caller learns it lost.
    return update(
        "move run " + id + " from " + expected.lowerName() + " to " + next.lowerName(),
        "UPDATE runs SET status = ?, finished_at = ?, control = ? WHERE id = ? AND status = ?",
        next.name(),
        next.isTerminal() ? Timestamps.format(at) : null,
        ControlRequest.NONE.name(),
        id,
        expected.name());
  }

  @Override
  public boolean claim(String id, String owner, Instant now, Instant staleBefore) {
    return update(
        "claim run " + id + " for " + owner,
        "UPDATE runs SET owner = ?, heartbeat_at = ? WHERE id = ? AND (owner IS NULL OR owner = ?"
            + " OR heartbeat_at IS NULL OR heartbeat_at < ?)",
        owner,
        Timestamps.format(now),
        id,
        owner,
        Timestamps.format(staleBefore));
  }

  @Override
  public boolean heartbeat(String id, String owner, Instant now) {
    return update(
        "record a heartbeat of run " + id,
        "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND owner = ?",
        Timestamps.format(now),
        id,
        owner);
  }

  @Override
  public void release(String id, String owner) {
    update(
        "release run " + id, "UPDATE runs SET owner = NULL WHERE id = ? AND owner = ?", id, owner);
  }

  @Override
  public void requestControl(String id, ControlRequest request) {
    boolean found =
        update(
            "request " + request.name().toLowerCase(java.util.Locale.ROOT) + " of run " + id,
            "UPDATE runs SET control = ? WHERE id = ?",
            request.name(),
            id);
    if (!found) {
      throw PartitaException.user("No run with id %s; `partita runs` lists the runs", id);
    }
  }

  @Override
  public void delete(String id) {
    database.write(
        "delete run " + id,
        connection -> {
          for (String sql :
              new String[] {
                "DELETE FROM handoffs WHERE run_id = ?",
                "DELETE FROM leases WHERE run_id = ?",
                "DELETE FROM tasks WHERE run_id = ?",
                "DELETE FROM run_assets WHERE run_id = ?",
                "DELETE FROM runs WHERE id = ?"
              }) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              statement.setString(1, id);
              statement.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public void saveAssetRanges(String id, List<AssetRange> ranges) {
    database.write(
        "store the asset ranges of run " + id,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO run_assets (run_id, position, asset, partitions, tasks, extra)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (AssetRange range : ranges) {
              insert.setString(1, id);
              insert.setInt(2, position++);
              insert.setString(3, range.asset());
              insert.setString(4, range.partitions());
              insert.setInt(5, range.tasks());
              insert.setString(6, range.extra());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<AssetRange> assetRanges(String id) {
    return database.read(
        "read the asset ranges of run " + id,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT asset, partitions, tasks, extra FROM run_assets WHERE run_id = ?"
                      + " ORDER BY position")) {
            select.setString(1, id);
            List<AssetRange> ranges = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                ranges.add(
                    new AssetRange(
                        rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
              }
            }
            return ranges;
          }
        });
  }

  private boolean update(String what, String sql, Object... parameters) {
    return Statements.update(database, what, sql, parameters);
  }

  private List<RunRecord> query(String what, String sql, Object... parameters) {
    return Statements.query(database, what, sql, JdbcRunStore::read, parameters);
  }

  private static RunRecord read(ResultSet row) throws SQLException {
    String id = row.getString("id");
    return new RunRecord(
        id,
        RunStatus.valueOf(row.getString("status")),
        JsonCodec.readOptions(row.getString("options"), id),
        new RunOrigin(
            RunKind.valueOf(row.getString("kind")),
            row.getString("snapshot_hash"),
            Columns.getString(row, "git_commit"),
            row.getString("actor"),
            Columns.getString(row, "reason")),
        Timestamps.get(row, "created_at"),
        Timestamps.getOptional(row, "finished_at"),
        new RunLiveness(
            Columns.getString(row, "owner"),
            Timestamps.getOptional(row, "heartbeat_at"),
            ControlRequest.valueOf(row.getString("control"))));
  }
}
