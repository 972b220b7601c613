package io.partita.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.state.RunStatus;
import io.partita.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project whose state store and warehouse are both on PostgreSQL, opened as the CLI opens it. */
class PostgresProjectTest {
  @TempDir Path dir;

  /**
   * Regression: the pairing check tested the warehouse "file" for existence, and a PostgreSQL
   * warehouse is no file, so the second command after a successful run was refused as "the
   * warehouse is missing".
   */
  @Test
  void aSecondCommandAfterARunFindsStateAndWarehouseInStep() throws IOException {
    String jdbc = TestPostgres.freshDatabase();
    String database = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
    String server = "postgresql://postgres@localhost:" + TestPostgres.port() + "/" + database;
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(
        dir.resolve("partita.yaml"),
        """
        name: pg
        state: %s?schema=partita
        warehouse: %s?schema=wh
        partitions: {grain: day, start: 2024-01-01}
        defaults: {time_column: d, retries: 0}
        assets:
          events:
            sql: models/events.sql
        """
            .formatted(server, server));
    Files.writeString(
        dir.resolve("models/events.sql"),
        "select {{ start }}::date as d, g as id from generate_series(1, 3) as g\n");
    try (ProjectContext first = ProjectContext.open(dir)) {
      first.requireInStep();
      RunManager runs = first.runs();
      BackfillRequest request = BackfillRequest.of("2024-01-01..2024-01-02");
      RunResult result =
          runs.execute(runs.create(runs.plan(request), request).id(), RunListener.NONE);
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    try (ProjectContext second = ProjectContext.open(dir)) {
      assertThat(second.warehouseExists()).isTrue();
      assertThat(second.pairing().status()).isEqualTo(io.partita.pairing.Pairing.Status.IN_STEP);
      second.requireInStep();
      assertThat(second.engine().wasPublished(firstRunId(second), "events", "2024-01-02")).isTrue();
    }
  }

  private static String firstRunId(ProjectContext project) {
    return project.readState().runs().list(1).get(0).id();
  }
}
