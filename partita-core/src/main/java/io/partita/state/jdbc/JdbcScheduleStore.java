package io.partita.state.jdbc;

import io.partita.state.ScheduleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Schedule marks in {@code schedule_marks}, the pause switch in {@code schedule_settings}. */
final class JdbcScheduleStore implements ScheduleStore {
  private static final String PAUSED = "paused";

  private final JdbcDatabase database;

  JdbcScheduleStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public Map<String, String> lastScheduled() {
    return database.read(
        "read the schedule marks",
        connection -> {
          Map<String, String> marks = new HashMap<>();
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT asset, partition FROM schedule_marks");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              marks.put(row.getString(1), row.getString(2));
            }
          }
          return marks;
        });
  }

  @Override
  public void markScheduled(Collection<String> assets, String partition, String runId, Instant at) {
    database.write(
        "mark " + partition + " scheduled",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO schedule_marks (asset, partition, run_id, updated_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (asset) DO UPDATE SET partition = excluded.partition,"
                      + " run_id = excluded.run_id, updated_at = excluded.updated_at")) {
            for (String asset : assets) {
              upsert.setString(1, asset);
              upsert.setString(2, partition);
              upsert.setString(3, runId);
              Timestamps.set(upsert, 4, at);
              upsert.addBatch();
            }
            upsert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public boolean isPaused() {
    return database.read(
        "read the schedule pause switch",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT value FROM schedule_settings WHERE name = ?")) {
            select.setString(1, PAUSED);
            try (ResultSet row = select.executeQuery()) {
              return row.next() && Boolean.parseBoolean(row.getString(1));
            }
          }
        });
  }

  @Override
  public void setPaused(boolean paused, Instant at) {
    database.write(
        paused ? "pause the schedule" : "resume the schedule",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO schedule_settings (name, value, updated_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                      + " updated_at = excluded.updated_at")) {
            upsert.setString(1, PAUSED);
            upsert.setString(2, Boolean.toString(paused));
            Timestamps.set(upsert, 3, at);
            upsert.executeUpdate();
          }
          return null;
        });
  }
}
