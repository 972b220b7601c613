package io.partita.state.jdbc;

import io.partita.state.HandoffStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Handoffs in the {@code handoffs} table. Taking and withdrawing are conditional updates on {@code
 * taken_by IS NULL}: of a server taking and a CLI withdrawing at once, exactly one wins.
 */
final class JdbcHandoffStore implements HandoffStore {
  private static final String COLUMNS =
      "run_id, requested_by, requested_at, taken_by, taken_at, finished_at, error_category, error";

  private final JdbcDatabase database;

  JdbcHandoffStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public boolean request(String runId, String requestedBy, Instant at) {
    // A handoff that is taken and unfinished is a live execution: the WHERE keeps it.
    return update(
        "hand run " + runId + " to a server",
        "INSERT INTO handoffs (run_id, requested_by, requested_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (run_id) DO UPDATE SET requested_by = excluded.requested_by,"
            + " requested_at = excluded.requested_at, taken_by = NULL, taken_at = NULL,"
            + " finished_at = NULL, error_category = NULL, error = NULL"
            + " WHERE handoffs.taken_by IS NULL OR handoffs.finished_at IS NOT NULL",
        runId,
        requestedBy,
        Timestamps.format(at));
  }

  @Override
  public Optional<Handoff> find(String runId) {
    return query(
            "find the handoff of run " + runId,
            "SELECT " + COLUMNS + " FROM handoffs WHERE run_id = ?",
            runId)
        .stream()
        .findFirst();
  }

  @Override
  public List<Handoff> pending() {
    return query(
        "list pending handoffs",
        "SELECT "
            + COLUMNS
            + " FROM handoffs WHERE taken_by IS NULL ORDER BY requested_at, run_id");
  }

  @Override
  public boolean take(String runId, String server, Instant at) {
    return update(
        "take run " + runId + " for server " + server,
        "UPDATE handoffs SET taken_by = ?, taken_at = ? WHERE run_id = ? AND taken_by IS NULL",
        server,
        Timestamps.format(at),
        runId);
  }

  @Override
  public boolean withdraw(String runId) {
    return update(
        "withdraw the handoff of run " + runId,
        "DELETE FROM handoffs WHERE run_id = ? AND taken_by IS NULL",
        runId);
  }

  @Override
  public void finish(
      String runId, Instant at, Optional<String> errorCategory, Optional<String> error) {
    update(
        "finish the handoff of run " + runId,
        "UPDATE handoffs SET finished_at = ?, error_category = ?, error = ? WHERE run_id = ?",
        Timestamps.format(at),
        errorCategory.orElse(null),
        error.orElse(null),
        runId);
  }

  private boolean update(String what, String sql, Object... parameters) {
    return Statements.update(database, what, sql, parameters);
  }

  private List<Handoff> query(String what, String sql, Object... parameters) {
    return Statements.query(database, what, sql, JdbcHandoffStore::read, parameters);
  }

  private static Handoff read(ResultSet row) throws SQLException {
    return new Handoff(
        row.getString("run_id"),
        row.getString("requested_by"),
        Timestamps.get(row, "requested_at"),
        Columns.getString(row, "taken_by"),
        Timestamps.getOptional(row, "taken_at"),
        new HandoffStore.Ending(
            Timestamps.getOptional(row, "finished_at"),
            Columns.getString(row, "error_category"),
            Columns.getString(row, "error")));
  }
}
