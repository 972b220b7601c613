package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state: postgresql://…} with the default DuckDB warehouse, end to end through the CLI
 * against a real PostgreSQL 17 (embedded; user postgres, trust authentication, no password).
 */
class PostgresStateCliTest {
  private static EmbeddedPostgres server;

  @TempDir Path temp;

  @BeforeAll
  static void startPostgres() throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    server.close();
  }

  @Test
  void backfillRunsAndStatusKeepTheirStateInAPostgresSchema() throws SQLException {
    execute("CREATE DATABASE ops");
    Path project = Projects.init(temp.resolve("p"));
    String url = "postgresql://postgres@localhost:" + server.getPort() + "/ops?schema=partita";
    Projects.edit(
        project.resolve("partita.yaml"), "state: sqlite:.partita/state.db", "state: " + url);

    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);

    assertThat(project.resolve(".partita/state.db")).doesNotExist();
    assertThat(project.resolve(".partita/warehouse.duckdb")).exists();
    JsonNode runs = Cli.in(project, "runs", "--json").assertExit(0).json().get("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
    String runId = runs.get(0).get("id").asText();
    assertThat(query("SELECT id FROM partita.runs")).containsExactly(runId);
    assertThat(query("SELECT DISTINCT status FROM partita.tasks")).containsExactly("SUCCEEDED");
    assertThat(query("SELECT count(*) FROM partita.partitions WHERE status = 'SUCCEEDED'"))
        .containsExactly(String.valueOf(2 * Projects.ASSETS.size()));

    Cli.Result status = Cli.in(project, "status").assertExit(0);
    assertThat(status.stdout()).contains("features");
    // A second backfill of the same range finds every partition materialized.
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    assertThat(Cli.in(project, "runs", "--json").assertExit(0).json().get("runs")).hasSize(2);
  }

  @Test
  void aPasswordInTheUrlIsRefusedBeforeAnythingIsWrittenAndNeverEchoed() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "state: sqlite:.partita/state.db",
        "state: postgresql://postgres:hunter2@localhost:" + server.getPort() + "/postgres");

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("contains a password")
        .contains("PARTITA_STATE_PASSWORD or PGPASSWORD")
        .doesNotContain("hunter2");
    assertThat(result.stdout() + result.stderr()).doesNotContain("hunter2");
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void aMissingDatabaseIsExitTwoNamingTheServerAndHowToCreateIt() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "state: sqlite:.partita/state.db",
        "state: postgresql://postgres@localhost:" + server.getPort() + "/nowhere");

    Cli.Result result = Cli.in(project, "runs").assertExit(2);

    assertThat(result.errorLines())
        .containsExactly(
            "error: PostgreSQL at localhost:"
                + server.getPort()
                + " has no database nowhere: create it (createdb -h localhost -p "
                + server.getPort()
                + " nowhere) or fix state: in partita.yaml");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(String sql) {
    try (Connection connection = server.getDatabase("postgres", "ops").getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (row.next()) {
        values.add(row.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
