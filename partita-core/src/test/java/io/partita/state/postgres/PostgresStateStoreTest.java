package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.StateStore;
import io.partita.testing.TestPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL store has: its schema, its migrations and its connection errors. */
class PostgresStateStoreTest {
  @Test
  void opensIntoItsOwnSchemaCreatingItAtTheSqliteSchemaVersion() throws SQLException {
    PostgresUrl url = PostgresStores.freshUrl();
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      assertThat(store.identity().stateId()).hasSize(32).matches("[0-9a-f]+");
    }

    assertThat(query(url, "SHOW server_version_num").get(0)).startsWith("17");
    assertThat(query(url, "SELECT max(version) FROM partita.schema_version")).containsExactly("12");
    assertThat(
            query(
                url,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'partita'"
                    + " AND table_name IN ('runs', 'tasks', 'leases', 'audit_log')"
                    + " ORDER BY table_name"))
        .containsExactly("audit_log", "leases", "runs", "tasks");
    assertThat(
            query(
                url,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
        .containsExactly("0");
  }

  @Test
  void aSecondOpenFindsNothingToMigrateAndKeepsTheStateId() {
    PostgresUrl url = PostgresStores.freshUrl();
    String first;
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      first = store.identity().stateId();
    }
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      assertThat(store.identity().stateId()).isEqualTo(first);
    }
  }

  @Test
  void theAuditLogRefusesUpdatesAndDeletes() throws SQLException {
    PostgresUrl url = PostgresStores.freshUrl();
    PostgresStateStore.open(url, Optional.empty()).close();

    for (String sql :
        List.of(
            "DELETE FROM partita.audit_log",
            "UPDATE partita.audit_inputs SET input_run_id = NULL",
            "TRUNCATE partita.audit_log CASCADE")) {
      assertThatThrownBy(() -> execute(url, sql))
          .as(sql)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is append-only");
    }
  }

  @Test
  void aSchemaWrittenByANewerPartitaIsRefusedAsAUserError() throws SQLException {
    PostgresUrl url = PostgresStores.freshUrl();
    PostgresStateStore.open(url, Optional.empty()).close();
    execute(
        url,
        "INSERT INTO partita.schema_version (version, description, applied_at)"
            + " VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')");

    assertThatThrownBy(() -> PostgresStateStore.open(url, Optional.empty()))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(url.display())
        .hasMessageContaining("has schema version 99, newer than this Partita knows (12)")
        .hasMessageContaining("upgrade Partita")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void aMissingDatabaseIsAUserErrorSayingHowToCreateIt() {
    PostgresUrl url =
        new PostgresUrl("postgres", "localhost", TestPostgres.port(), "no_such_db", "partita");

    assertThatThrownBy(() -> PostgresStateStore.open(url, Optional.empty()))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "PostgreSQL at localhost:" + TestPostgres.port() + " has no database no_such_db")
        .hasMessageContaining("createdb -h localhost -p " + TestPostgres.port() + " no_such_db")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void aRoleThatMayNotLogInIsAUserErrorNamingTheServerAndThePasswordSources() throws SQLException {
    PostgresUrl admin = PostgresStores.freshUrl();
    String role = "locked_" + admin.database();
    execute(admin, "CREATE ROLE " + role + " NOLOGIN");
    PostgresUrl url = new PostgresUrl(role, "localhost", admin.port(), admin.database(), "partita");

    assertThatThrownBy(() -> PostgresStateStore.open(url, Optional.empty()))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "PostgreSQL at " + url.server() + " refused the login of user " + role)
        .hasMessageContaining("PARTITA_STATE_PASSWORD or PGPASSWORD")
        .hasMessageContaining("~/.pgpass")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void anUnreachableServerIsNamedWithHostPortAndDatabase() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    PostgresUrl url = new PostgresUrl("postgres", "localhost", closed, "ops", "partita");

    assertThatThrownBy(() -> PostgresStateStore.open(url, Optional.empty()))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "Cannot reach the PostgreSQL state store at localhost:" + closed + "/ops")
        .hasMessageContaining(
            "check that the server runs and accepts connections on localhost:" + closed)
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.INTERNAL);
  }

  /** Runs a statement as postgres. */
  static void execute(PostgresUrl url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl() + "?user=postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs {@code sql} as postgres and returns the first column of its rows as text. */
  static List<String> query(PostgresUrl url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl() + "?user=postgres");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (row.next()) {
        values.add(row.getString(1));
      }
      return values;
    }
  }
}
