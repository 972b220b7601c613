package io.partita.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.Attribution;
import io.partita.state.StateStore;
import io.partita.state.VersionStore.VersionEvent;
import io.partita.state.jdbc.JdbcDatabase;
import io.partita.state.jdbc.Migration;
import io.partita.state.jdbc.Migrator;
import io.partita.state.jdbc.SqlDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State files written by an older Partita are upgraded in place; newer ones are refused. */
class SqliteMigrationTest {
  private static final int SEQUENCE_IDS = 9;
  private static final String AT = "2025-03-01T00:00:00.000Z";

  @TempDir Path directory;

  @Test
  void aStateFileOfThePreviousSchemaIsUpgradedKeepingItsRowsInOrder() throws SQLException {
    Path file = directory.resolve("state.db");
    createWithSchemaBefore(SEQUENCE_IDS, file);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      // Same timestamp: only the insertion order (the old rowid) tells these rows apart.
      for (String to : List.of("v2", "v3", "v1")) {
        statement.execute(
            "INSERT INTO version_events (asset, action, from_version, to_version, actor, at)"
                + " VALUES ('features', 'promote', NULL, '"
                + to
                + "', 'ann', '"
                + AT
                + "')");
      }
      for (String check : List.of("unique", "not_null")) {
        statement.execute(
            "INSERT INTO check_results (run_id, asset, partition, attempt, check_name, severity,"
                + " outcome, metric, threshold, message, created_at) VALUES ('r1', 'features',"
                + " '2025-03-01', 1, '"
                + check
                + "', 'ERROR', 'PASS', 0, '0', 'ok', '"
                + AT
                + "')");
      }
      for (String run : List.of("r2", "r1")) {
        statement.execute(
            "INSERT INTO late_arrivals (asset, partition, run_id, rows_total, rows_late,"
                + " rows_added, rows_changed, recorded_at, lateness_quantiles) VALUES ('features',"
                + " '2025-03-01', '"
                + run
                + "', 10, 1, 0, 0, '"
                + AT
                + "', '')");
      }
    }

    try (StateStore store = SqliteStateStore.open(file)) {
      assertThat(store.versions().events("features"))
          .extracting(VersionEvent::toVersion)
          .containsExactly("v2", "v3", "v1");
      VersionEvent drop =
          new VersionEvent(
              "features",
              "drop",
              Optional.empty(),
              "v4",
              new Attribution("bob", Optional.empty()),
              Optional.empty(),
              Instant.parse(AT));
      store.versions().drop("features", "v4", drop);
      assertThat(store.versions().events("features"))
          .extracting(VersionEvent::toVersion)
          .containsExactly("v2", "v3", "v1", "v4");
    }
    assertThat(column(file, "SELECT id || ' ' || check_name FROM check_results ORDER BY id"))
        .containsExactly("1 unique", "2 not_null");
    assertThat(column(file, "SELECT id || ' ' || run_id FROM late_arrivals ORDER BY id"))
        .containsExactly("1 r2", "2 r1");
    assertThat(column(file, "SELECT version FROM schema_version WHERE version = " + SEQUENCE_IDS))
        .containsExactly(String.valueOf(SEQUENCE_IDS));
  }

  @Test
  void newerSchemaIsRefused() throws SQLException {
    Path file = directory.resolve("state.db");
    SqliteStateStore.open(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO schema_version (version, description, applied_at)"
              + " VALUES (1000, 'from the future', '2030-01-01T00:00:00.000Z')");
    }

    assertThatThrownBy(() -> SqliteStateStore.open(file))
        .isInstanceOfSatisfying(
            PartitaException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining("The state store " + file.toAbsolutePath().normalize())
        .hasMessageContaining("has schema version 1000, newer than this Partita knows")
        .hasMessageContaining("upgrade Partita to use it");
  }

  /** A state file as a Partita without migration {@code version} and later ones wrote it. */
  private static void createWithSchemaBefore(int version, Path file) throws SQLException {
    SqliteDialect current = new SqliteDialect(true, false);
    SqlDialect previous = new OlderDialect(current, version);
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    current.configure(connection);
    JdbcDatabase database = new JdbcDatabase(connection, previous, file.toString());
    try {
      assertThat(new Migrator(database, Clock.systemUTC()).migrate())
          .isEqualTo(
              (int) current.migrations().stream().filter(m -> m.version() < version).count());
    } finally {
      database.close();
    }
  }

  private static List<String> column(Path file, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** SQLite as an older Partita knew it: the same dialect without the newer migrations. */
  private record OlderDialect(SqliteDialect sqlite, int before) implements SqlDialect {
    @Override
    public void configure(Connection connection) throws SQLException {
      sqlite.configure(connection);
    }

    @Override
    public void beginWrite(Connection connection) throws SQLException {
      sqlite.beginWrite(connection);
    }

    @Override
    public void commit(Connection connection) throws SQLException {
      sqlite.commit(connection);
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
      sqlite.rollback(connection);
    }

    @Override
    public boolean isBusy(SQLException e) {
      return sqlite.isBusy(e);
    }

    @Override
    public String leaseRequestTableDdl() {
      return sqlite.leaseRequestTableDdl();
    }

    @Override
    public List<Migration> migrations() {
      return sqlite.migrations().stream().filter(m -> m.version() < before).toList();
    }
  }
}
