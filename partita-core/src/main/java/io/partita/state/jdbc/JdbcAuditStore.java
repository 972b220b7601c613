package io.partita.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.state.AuditCheck;
import io.partita.state.AuditEvent;
import io.partita.state.AuditInput;
import io.partita.state.AuditOutcome;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import io.partita.state.AuditRun;
import io.partita.state.AuditStore;
import io.partita.state.AuditTask;
import io.partita.state.AuditTimes;
import io.partita.state.RunKind;
import io.partita.state.RunOrigin;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The audit log in {@code audit_log} and {@code audit_inputs}. Only INSERT and SELECT: the tables
 * are append-only (triggers refuse changes, and a test greps the code base for any).
 */
final class JdbcAuditStore implements AuditStore {
  private static final String COLUMNS =
      "id, event, run_id, run_kind, attempt, actor, reason, snapshot_hash, git_commit,"
          + " partita_version, engine_version, asset, version, partition, window_start, window_end,"
          + " write_mode, status, inputs, rows_read, rows_written, checks, started_at, finished_at,"
          + " error, recorded_at, worker";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcDatabase database;

  JdbcAuditStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public long append(AuditRecord record) {
    return database.write(
        "append the audit "
            + record.event().lowerName()
            + " of "
            + record.asset()
            + " "
            + record.partition()
            + " (run "
            + record.runId()
            + ")",
        connection -> {
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO audit_log ("
                      + COLUMNS.substring("id, ".length())
                      + ") VALUES"
                      + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            int i = 0;
            insert.setString(++i, record.event().name());
            insert.setString(++i, record.runId());
            insert.setString(++i, record.runKind().name());
            insert.setInt(++i, record.attempt());
            insert.setString(++i, record.actor());
            Columns.setString(insert, ++i, record.reason());
            insert.setString(++i, record.snapshotHash());
            Columns.setString(insert, ++i, record.gitCommit());
            insert.setString(++i, record.partitaVersion());
            insert.setString(++i, record.engineVersion());
            insert.setString(++i, record.asset());
            insert.setString(++i, record.version());
            insert.setString(++i, record.partition());
            insert.setString(++i, record.windowStart().toString());
            insert.setString(++i, record.windowEnd().toString());
            insert.setString(++i, record.writeMode());
            insert.setString(++i, record.status());
            insert.setString(++i, inputsJson(record.inputs()));
            Columns.setLong(insert, ++i, record.rowsRead());
            Columns.setLong(insert, ++i, record.rowsWritten());
            insert.setString(++i, checksJson(record.checks()));
            Timestamps.set(insert, ++i, record.startedAt());
            Timestamps.set(insert, ++i, record.finishedAt());
            Columns.setString(insert, ++i, record.error());
            Timestamps.set(insert, ++i, record.recordedAt());
            Columns.setString(insert, ++i, record.worker());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO audit_inputs (audit_id, input_asset, input_version, input_partition,"
                      + " input_run_id) VALUES (?, ?, ?, ?, ?)")) {
            for (AuditInput input : record.inputs()) {
              insert.setLong(1, id);
              insert.setString(2, input.asset());
              insert.setString(3, input.version());
              insert.setString(4, input.partition());
              Columns.setString(insert, 5, input.runId());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return id;
        });
  }

  @Override
  public List<AuditRecord> list(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
    List<String> parameters = new ArrayList<>();
    query.runId().ifPresent(run -> where(sql, parameters, " AND run_id = ?", run));
    query.asset().ifPresent(asset -> where(sql, parameters, " AND asset = ?", asset));
    query.partition().ifPresent(key -> where(sql, parameters, " AND partition = ?", key));
    query
        .since()
        .ifPresent(at -> where(sql, parameters, " AND recorded_at >= ?", Timestamps.format(at)));
    // The newest `limit` rows, shown oldest first.
    String newest = sql + " ORDER BY id DESC LIMIT " + query.limit();
    return select(
        "list the audit log", "SELECT * FROM (" + newest + ") AS newest ORDER BY id", parameters);
  }

  @Override
  public List<AuditRecord> readersOf(String asset, String partition) {
    return select(
        "list the readers of " + asset + " " + partition,
        "SELECT "
            + COLUMNS
            + " FROM audit_log WHERE event = 'END' AND id IN (SELECT audit_id FROM"
            + " audit_inputs WHERE input_asset = ? AND input_partition = ?) ORDER BY id",
        List.of(asset, partition));
  }

  private static void where(
      StringBuilder sql, List<String> parameters, String clause, String value) {
    sql.append(clause);
    parameters.add(value);
  }

  private List<AuditRecord> select(String what, String sql, List<String> parameters) {
    return database.read(
        what,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
              select.setString(i + 1, parameters.get(i));
            }
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                records.add(read(row));
              }
            }
            return records;
          }
        });
  }

  private static AuditRecord read(ResultSet row) throws SQLException {
    RunOrigin origin =
        new RunOrigin(
            RunKind.valueOf(row.getString("run_kind").toUpperCase(Locale.ROOT)),
            row.getString("snapshot_hash"),
            Columns.getString(row, "git_commit"),
            row.getString("actor"),
            Columns.getString(row, "reason"));
    return new AuditRecord(
        row.getLong("id"),
        AuditEvent.valueOf(row.getString("event")),
        new AuditRun(
            row.getString("run_id"),
            origin,
            row.getString("partita_version"),
            row.getString("engine_version"),
            Columns.getString(row, "worker")),
        new AuditTask(
            row.getString("asset"),
            row.getString("version"),
            row.getString("partition"),
            row.getInt("attempt"),
            LocalDateTime.parse(row.getString("window_start")),
            LocalDateTime.parse(row.getString("window_end")),
            row.getString("write_mode")),
        new AuditOutcome(
            row.getString("status"),
            inputs(row.getString("inputs")),
            Columns.getLong(row, "rows_read"),
            Columns.getLong(row, "rows_written"),
            checks(row.getString("checks")),
            Columns.getString(row, "error")),
        new AuditTimes(
            Timestamps.get(row, "started_at"),
            Timestamps.getOptional(row, "finished_at"),
            Timestamps.get(row, "recorded_at")));
  }

  private static String inputsJson(List<AuditInput> inputs) {
    ArrayNode array = JSON.createArrayNode();
    for (AuditInput input : inputs) {
      ObjectNode node = array.addObject();
      node.put("asset", input.asset());
      node.put("version", input.version());
      node.put("partition", input.partition());
      node.put("run_id", input.runId().orElse(null));
      if (input.rows().isPresent()) {
        node.put("rows", input.rows().get());
      } else {
        node.putNull("rows");
      }
    }
    return array.toString();
  }

  private static String checksJson(List<AuditCheck> checks) {
    ArrayNode array = JSON.createArrayNode();
    for (AuditCheck check : checks) {
      ObjectNode node = array.addObject();
      node.put("name", check.name());
      node.put("severity", check.severity());
      node.put("outcome", check.outcome());
      node.put("message", check.message());
    }
    return array.toString();
  }

  private static List<AuditInput> inputs(String text) throws SQLException {
    List<AuditInput> inputs = new ArrayList<>();
    for (JsonNode node : tree(text)) {
      inputs.add(
          new AuditInput(
              node.path("asset").asText(),
              node.path("version").asText(),
              node.path("partition").asText(),
              optionalText(node.get("run_id")),
              node.hasNonNull("rows") ? Optional.of(node.get("rows").asLong()) : Optional.empty()));
    }
    return inputs;
  }

  private static List<AuditCheck> checks(String text) throws SQLException {
    List<AuditCheck> checks = new ArrayList<>();
    for (JsonNode node : tree(text)) {
      checks.add(
          new AuditCheck(
              node.path("name").asText(),
              node.path("severity").asText(),
              node.path("outcome").asText(),
              node.path("message").asText()));
    }
    return checks;
  }

  private static Optional<String> optionalText(JsonNode node) {
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static JsonNode tree(String text) throws SQLException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SQLException("Corrupt JSON in the audit log: " + text, e);
    }
  }
}
